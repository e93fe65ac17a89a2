// A thin C++ face for one SQLite connection, for the SQLite store only: statements prepared
// once and cached, transactions that roll back when left by an exception, and every SQLite
// error turned into a StoreError naming the file:
//
//   sqlite store '/var/lib/toscac/shop.db': database is locked
//
// Not thread-safe: the store holds a mutex around its connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store.h"

struct sqlite3;
struct sqlite3_stmt;

namespace toscac::agent::store {

// Whether the error is SQLite's "database is locked" or "busy": worth trying again.
bool IsBusy(const StoreError& e);

class SqliteDb;

// One use of a cached statement: bind, step, read columns. Resets the statement when it goes
// out of scope, so a statement never keeps a read transaction open by accident. Keys and
// values are bound as BLOBs, which SQLite compares with memcmp: byte order, as in etcd.
class SqliteQuery {
 public:
  SqliteQuery(SqliteDb& db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteQuery();
  SqliteQuery(const SqliteQuery&) = delete;
  SqliteQuery& operator=(const SqliteQuery&) = delete;

  // Parameters are 1-based, as in the SQL text (?1, ?2...).
  SqliteQuery& Bind(int index, int64_t value);
  SqliteQuery& BindBlob(int index, std::string_view bytes);
  SqliteQuery& BindNull(int index);

  // True when a row is ready; false at the end.
  bool Step();
  // Steps to the end, for statements that return no rows.
  void Run();

  // Columns are 0-based, as in SQLite's API.
  int64_t Int(int column) const;
  std::string Blob(int column) const;

 private:
  SqliteDb& db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  // Opens the file, creating it when missing (its directory must exist), in WAL mode with
  // synchronous=NORMAL, and waits up to busy_timeout for another connection's lock.
  SqliteDb(std::string path, std::chrono::milliseconds busy_timeout);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs a script of statements once, uncached (the schema).
  void Exec(const char* sql);
  // sql must be a single statement; it is prepared on first use and kept.
  SqliteQuery Query(const std::string& sql);
  int64_t LastInsertRowid() const;
  int64_t Changes() const;

  // Throws the StoreError for a failed call that returned code.
  [[noreturn]] void Fail(int code) const;
  [[noreturn]] void Fail(const std::string& message) const;

 private:
  void Configure(std::chrono::milliseconds busy_timeout);
  void Close();

  std::string path_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// BEGIN ... COMMIT. Left without Commit (an exception on the way), it rolls back.
class SqliteTransaction {
 public:
  // kWrite is BEGIN IMMEDIATE: it takes the write lock up front, waiting for it under the busy
  // timeout. A deferred transaction that reads and then writes would instead fail at once with
  // SQLITE_BUSY when another process wrote after its first read.
  enum class Mode { kRead, kWrite };

  SqliteTransaction(SqliteDb& db, Mode mode);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  void Commit();

 private:
  SqliteDb& db_;
  bool open_ = true;
};

}  // namespace toscac::agent::store
