// A real etcd cluster for tests: members on free loopback ports (started over on others when
// a member finds its port taken), data in a temporary directory, started and stopped by the
// test itself (by pid), and killed with the test process if it dies (parent-death signal).
// Needs Debian's etcd-server.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace toscac::agent::store::testing {

class EtcdCluster {
 public:
  // Starts `members` members and waits until the cluster answers. On failure, `error()`
  // says why (etcd missing, not healthy in time) and ok() is false.
  // With `tls`, clients must speak HTTPS and show a certificate signed by a CA made for the
  // test (openssl, in dir()/tls): Url() then carries cacert, cert and key.
  explicit EtcdCluster(int members, bool tls = false);
  ~EtcdCluster();
  EtcdCluster(const EtcdCluster&) = delete;
  EtcdCluster& operator=(const EtcdCluster&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // "etcd://127.0.0.1:P1,127.0.0.1:P2,..." (every member, in order); with TLS
  // "etcds://...?cacert=...&cert=...&key=..." and `query` after it.
  std::string Url(const std::string& query = "") const;
  // TLS files of the test CA: "ca.crt", "client.crt", "client.key", "server.crt"...
  std::string TlsFile(const std::string& name) const { return dir_ + "/tls/" + name; }
  std::string Endpoint(int member) const;  // "127.0.0.1:P"
  void Stop(int member);                   // SIGTERM, wait
  bool Start(int member);                  // (re)start with its data directory
  const std::string& dir() const { return dir_; }

 private:
  struct Member {
    std::string name;
    int client_port = 0, peer_port = 0;
    pid_t pid = -1;
  };
  bool WaitHealthy(int member, int seconds);
  bool MakeCertificates();

  std::vector<Member> members_;
  std::string dir_, initial_cluster_, error_;
  bool tls_ = false;
  bool exited_ = false;  // the member WaitHealthy waited for exited
};

}  // namespace toscac::agent::store::testing
