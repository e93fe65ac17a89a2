#include "etcd_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include "store/store.h"

namespace toscac::agent::store::testing {

namespace {
// A loopback port free just now, below the kernel's range for outgoing connections (32768 and
// up on Linux), so that no client's connection takes it while a member is down, and not one
// this process handed out before. Closed again: another process may still take it before the
// member listens; the cluster then starts over on other ports.
int FreePort() {
  static std::set<int> given;
  static std::mt19937 random(static_cast<unsigned>(getpid()) ^
                             static_cast<unsigned>(time(nullptr)));
  std::uniform_int_distribution<int> in_range(20000, 32767);
  for (;;) {
    int port = in_range(random);
    if (given.count(port) != 0) continue;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    if (!free) continue;
    given.insert(port);
    return port;
  }
}

std::string Local(int port) { return "http://127.0.0.1:" + std::to_string(port); }
std::string Client(int port, bool tls) {
  return (tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port);
}
}  // namespace

EtcdCluster::EtcdCluster(int members, bool tls) : tls_(tls) {
  if (access("/usr/bin/etcd", X_OK) != 0) {
    error_ = "/usr/bin/etcd is missing: apt-get install etcd-server";
    return;
  }
  std::string pattern = std::filesystem::temp_directory_path().string() + "/toscac_etcd_XXXXXX";
  if (!mkdtemp(pattern.data())) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = pattern;
  if (tls_ && !MakeCertificates()) return;
  for (int attempt = 1;; ++attempt) {
    error_.clear();
    members_.clear();
    initial_cluster_.clear();
    for (int i = 0; i < members; ++i) {
      Member m;
      m.name = "m" + std::to_string(i);
      m.client_port = FreePort();
      m.peer_port = FreePort();
      if (!initial_cluster_.empty()) initial_cluster_ += ",";
      initial_cluster_ += m.name + "=" + Local(m.peer_port);
      members_.push_back(m);
    }
    bool started = true;
    for (int i = 0; i < members && started; ++i) started = Start(i);
    for (int i = 0; i < members && started; ++i) started = WaitHealthy(i, 30);
    if (started || attempt == 3 || !exited_) return;
    // A member that exited at once had its port taken: start over, on other ports.
    for (int i = 0; i < members; ++i) Stop(i);
    for (int i = 0; i < members; ++i) {
      std::error_code ec;
      std::filesystem::remove_all(dir_ + "/m" + std::to_string(i), ec);
    }
  }
}

EtcdCluster::~EtcdCluster() {
  for (size_t i = 0; i < members_.size(); ++i) Stop(static_cast<int>(i));
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

bool EtcdCluster::Start(int i) {
  Member& m = members_[static_cast<size_t>(i)];
  std::vector<std::string> args = {
      "/usr/bin/etcd",
      "--name=" + m.name,
      "--data-dir=" + dir_ + "/" + m.name,
      "--listen-client-urls=" + Client(m.client_port, tls_),
      "--advertise-client-urls=" + Client(m.client_port, tls_),
      "--listen-peer-urls=" + Local(m.peer_port),
      "--initial-advertise-peer-urls=" + Local(m.peer_port),
      "--initial-cluster=" + initial_cluster_,
      "--initial-cluster-state=new",
      "--initial-cluster-token=toscac-test",
      "--heartbeat-interval=50",
      "--election-timeout=500",
      "--logger=zap",
      "--log-outputs=" + dir_ + "/" + m.name + ".log",
  };
  if (tls_) {
    for (const char* flag :
         {"--cert-file=server.crt", "--key-file=server.key", "--trusted-ca-file=ca.crt"}) {
      std::string f = flag;
      auto eq = f.find('=');
      args.push_back(f.substr(0, eq + 1) + TlsFile(f.substr(eq + 1)));
    }
    args.push_back("--client-cert-auth");
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    // The server stops itself when the test process goes away.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(1);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (pid < 0) {
    error_ = "fork failed";
    return false;
  }
  m.pid = pid;
  return true;
}

void EtcdCluster::Stop(int i) {
  Member& m = members_[static_cast<size_t>(i)];
  if (m.pid <= 0) return;
  kill(m.pid, SIGTERM);
  waitpid(m.pid, nullptr, 0);
  m.pid = -1;
}

// A CA, a server certificate for 127.0.0.1 and a client certificate, with openssl.
bool EtcdCluster::MakeCertificates() {
  std::string d = dir_ + "/tls";
  std::filesystem::create_directories(d);
  std::string script = "cd '" + d + R"(' && {
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 \
      -subj /CN=toscac-test-ca &&
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n' > server.ext &&
    printf 'extendedKeyUsage=clientAuth\n' > client.ext &&
    for who in server client; do
      openssl req -newkey rsa:2048 -nodes -keyout $who.key -out $who.csr -subj /CN=toscac-$who &&
      openssl x509 -req -in $who.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
        -extfile $who.ext -out $who.crt || exit 1
    done
  } >openssl.log 2>&1)";
  if (std::system(script.c_str()) != 0) {
    error_ = "openssl could not make the test certificates (see " + d + "/openssl.log)";
    return false;
  }
  return true;
}

bool EtcdCluster::WaitHealthy(int i, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::string last;
  exited_ = false;
  while (std::chrono::steady_clock::now() < deadline) {
    Member& m = members_[static_cast<size_t>(i)];
    int status = 0;
    if (m.pid > 0 && waitpid(m.pid, &status, WNOHANG) == m.pid) {
      m.pid = -1;
      exited_ = true;
      error_ = "etcd member " + m.name + " exited (status " + std::to_string(status) +
               "; logs in " + dir_ + ")";
      return false;
    }
    try {
      auto store = tls_ ? OpenStore(Url()) : OpenStore("etcd://" + Endpoint(i));
      store->Put("/health", "ok");
      return true;
    } catch (const StoreError& e) {
      last = e.what();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  error_ = "etcd member " + members_[static_cast<size_t>(i)].name + " not healthy after " +
           std::to_string(seconds) + " s: " + last + " (logs in " + dir_ + ")";
  return false;
}

std::string EtcdCluster::Endpoint(int i) const {
  return "127.0.0.1:" + std::to_string(members_[static_cast<size_t>(i)].client_port);
}

std::string EtcdCluster::Url(const std::string& query) const {
  std::string url = tls_ ? "etcds://" : "etcd://";
  for (size_t i = 0; i < members_.size(); ++i) {
    if (i > 0) url += ",";
    url += Endpoint(static_cast<int>(i));
  }
  std::string q = query;
  if (tls_) {
    q = "cacert=" + TlsFile("ca.crt") + "&cert=" + TlsFile("client.crt") +
        "&key=" + TlsFile("client.key") + (q.empty() ? "" : "&" + q);
  }
  return url + (q.empty() ? "" : "/?" + q);
}

}  // namespace toscac::agent::store::testing
