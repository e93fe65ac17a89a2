#include "store/sqlite_db.h"

#include <sqlite3.h>

#include <filesystem>
#include <thread>
#include <utility>

#include "store/store.h"

namespace toscac::agent::store {

SqliteQuery::~SqliteQuery() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

SqliteQuery& SqliteQuery::Bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_.Fail(rc);
  return *this;
}

SqliteQuery& SqliteQuery::BindBlob(int index, std::string_view bytes) {
  // sqlite3_bind_blob with a null pointer binds NULL, and an empty string_view may carry
  // one: an empty key or value is bound as a zero-length blob instead.
  int rc = bytes.empty()
               ? sqlite3_bind_zeroblob(stmt_, index, 0)
               : sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_.Fail(rc);
  return *this;
}

SqliteQuery& SqliteQuery::BindNull(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_.Fail(rc);
  return *this;
}

bool SqliteQuery::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.Fail(rc);
}

void SqliteQuery::Run() {
  while (Step()) {
  }
}

int64_t SqliteQuery::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string SqliteQuery::Blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) return "";  // NULL or a zero-length blob
  return std::string(static_cast<const char*>(data),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

SqliteDb::SqliteDb(std::string path, std::chrono::milliseconds busy_timeout)
    : path_(std::move(path)) {
  // SQLite says only "unable to open database file" for a missing directory: say which.
  std::filesystem::path parent = std::filesystem::path(path_).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    Fail("directory '" + parent.string() + "' does not exist");
  }
  int rc =
      sqlite3_open_v2(path_.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    Fail(message);
  }
  // Several processes opening a new file at once: switching it to WAL can fail with "database
  // is locked" at once, without waiting in the busy handler. Try again until the timeout.
  auto deadline = std::chrono::steady_clock::now() + busy_timeout;
  for (auto pause = std::chrono::milliseconds(5);;
       pause = std::min(pause * 2, std::chrono::milliseconds(100))) {
    try {
      Configure(busy_timeout);
      return;
    } catch (const StoreError& e) {
      if (!IsBusy(e) || std::chrono::steady_clock::now() > deadline) {
        Close();
        throw;
      }
    } catch (...) {
      Close();
      throw;
    }
    std::this_thread::sleep_for(pause);
  }
}

bool IsBusy(const StoreError& e) {
  std::string what = e.what();
  return what.find("database is locked") != std::string::npos ||
         what.find("database is busy") != std::string::npos;
}

SqliteDb::~SqliteDb() { Close(); }

void SqliteDb::Close() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  statements_.clear();
  sqlite3_close(db_);
  db_ = nullptr;
}

void SqliteDb::Configure(std::chrono::milliseconds busy_timeout) {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, static_cast<int>(busy_timeout.count()));
  // WAL: readers never block the writer, and a commit is one append to the log. Every
  // process sharing the file must use it, so it is checked rather than hoped for.
  std::string mode;
  {
    SqliteQuery query = Query("PRAGMA journal_mode=WAL");
    if (query.Step()) mode = query.Blob(0);
  }
  if (mode != "wal") Fail("cannot use write-ahead logging (journal mode is '" + mode + "')");
  // NORMAL in WAL mode: a commit survives the death of the process at once (it is in the
  // log, in the kernel's hands) but not a power loss before the next checkpoint's sync,
  // which may lose the last transactions. FULL would sync the log on every commit.
  Query("PRAGMA synchronous=NORMAL").Run();
}

void SqliteDb::Exec(const char* sql) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) Fail(rc);
}

SqliteQuery SqliteDb::Query(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) Fail(rc);
    it = statements_.emplace(sql, stmt).first;
  }
  return SqliteQuery(*this, it->second);
}

int64_t SqliteDb::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }

int64_t SqliteDb::Changes() const { return sqlite3_changes64(db_); }

void SqliteDb::Fail(int code) const {
  Fail(db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code));
}

void SqliteDb::Fail(const std::string& message) const {
  throw StoreError("sqlite store '" + path_ + "': " + message);
}

SqliteTransaction::SqliteTransaction(SqliteDb& db, Mode mode) : db_(db) {
  db_.Query(mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN").Run();
}

SqliteTransaction::~SqliteTransaction() {
  if (!open_) return;
  try {
    db_.Query("ROLLBACK").Run();
  } catch (const StoreError&) {
    // SQLite may have rolled back already (after an I/O error, say); nothing left to undo.
  }
}

void SqliteTransaction::Commit() {
  db_.Query("COMMIT").Run();
  open_ = false;
}

}  // namespace toscac::agent::store
