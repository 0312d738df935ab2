// SQLite-only checks of SqliteStore: migrations, file handling, I/O-error latching and the
// group-commit batching itself. The adapter-independent contract is store_contract_test.cc.
#include "store/migrations.h"
#include "store/store_test_util.h"

namespace minsheng {
namespace {

using namespace store_test;  // NOLINT(google-build-using-namespace): test fixtures only

// ---------------------------------------------------------------- SQLite specifics

class SqliteStoreTest : public ::testing::Test {
 protected:
  SqliteFactory factory_;
};

TEST_F(SqliteStoreTest, MigrationsApplyOnceAndReopenIsANoOp) {
  const int64_t kLatest = store_internal::EmbeddedMigrations().back().version;
  ASSERT_EQ(kLatest, static_cast<int64_t>(store_internal::EmbeddedMigrations().size()));
  SqliteOptions options;
  options.path = factory_.path();
  options.durable = false;
  {
    auto store = SqliteStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ((*store)->SchemaVersion(), kLatest);
  }
  {
    auto store = SqliteStore::Open(options);
    ASSERT_TRUE(store.ok());
    EXPECT_EQ((*store)->SchemaVersion(), kLatest);
  }
  // Exactly one row per migration, and the WAL was checkpointed away on close.
  EXPECT_EQ(factory_.QueryInt("SELECT count(*) FROM schema_migrations"), kLatest);
  EXPECT_EQ(factory_.QueryInt("SELECT max(version) FROM schema_migrations"), kLatest);
  std::error_code ec;
  const auto wal_size = std::filesystem::file_size(factory_.path() + "-wal", ec);
  EXPECT_TRUE(ec || wal_size == 0) << wal_size;
}

TEST_F(SqliteStoreTest, NewerSchemaIsRefused) {
  SqliteOptions options;
  options.path = factory_.path();
  ASSERT_TRUE(SqliteStore::Open(options).ok());
  ASSERT_EQ(factory_.ExecRaw("INSERT INTO schema_migrations VALUES (9999, '9999_future', 0)"), "");
  auto store = SqliteStore::Open(options);
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(SqliteStoreTest, BadPathsAreInvalidArguments) {
  SqliteOptions options;
  options.path = "/nonexistent-dir/x/y.db";
  EXPECT_EQ(SqliteStore::Open(options).status().code(), StatusCode::kInvalidArgument);
  options.path = ":memory:";
  EXPECT_EQ(SqliteStore::Open(options).status().code(), StatusCode::kInvalidArgument);
  options.path = "";
  EXPECT_EQ(SqliteStore::Open(options).status().code(), StatusCode::kInvalidArgument);
}

// A write the file system refuses (here: the process file-size limit, which makes write(2)
// fail with EFBIG) latches the store: that batch fails as a whole, every later Write returns
// Unavailable, and after a restart the database holds exactly what was acknowledged.
// `content_bytes` picks where the failure hits: a small order fails in COMMIT (the WAL append),
// a large one already inside the callback, when SQLite spills its page cache.
void ExpectIoErrorLatches(size_t content_bytes) {
  SqliteFactory factory;
  SqliteOptions options;
  options.path = factory.path();
  options.durable = true;
  int64_t kept_id = 0;
  {
    auto opened = SqliteStore::Open(options);
    ASSERT_TRUE(opened.ok());
    SqliteStore& store = **opened;
    kept_id = Create(store, Basic("kept")).id;

    std::error_code ec;
    uintmax_t biggest = std::filesystem::file_size(factory.path(), ec);
    biggest = std::max(biggest, std::filesystem::file_size(factory.path() + "-wal", ec));
    struct rlimit old_limit;
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
    struct rlimit limit = old_limit;
    limit.rlim_cur = biggest + 64 * 1024;
    auto old_handler = signal(SIGXFSZ, SIG_IGN);
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limit), 0);

    WorkOrder big = Basic("too big");
    big.content.assign(content_bytes, 'x');
    Status st = store.Write([&](OrderTransaction& tx) -> Status {
      MS_RETURN_IF_ERROR(tx.Insert(&big, "GX", "20261129"));
      Event e = NextEvent(&big, Action::kCreate, std::nullopt, OrderStatus::kRegistered);
      return tx.Save(&big, {e});
    });
    Status after = store.Write([](OrderTransaction&) { return Status::Ok(); });

    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &old_limit), 0);
    signal(SIGXFSZ, old_handler);

    EXPECT_EQ(st.code(), StatusCode::kUnavailable) << st.ToString();
    EXPECT_EQ(after.code(), StatusCode::kUnavailable) << after.ToString();
    EXPECT_EQ(after.error_code(), "storage_failed");
    EXPECT_EQ(store.CreateUser(User{0, "u", Role::kAdmin, "", "h", true, 1}).status().code(),
              StatusCode::kUnavailable);
    // Reads still work from the read pool.
    EXPECT_TRUE(store.Get(kept_id).ok());
  }
  auto reopened = SqliteStore::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  auto page = (*reopened)->List(Q());
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].title, "kept");
  // The failed batch did not consume a number either.
  EXPECT_EQ(Create(**reopened, Basic()).number, "GX2026112900002");
}

TEST_F(SqliteStoreTest, IoErrorInCommitLatchesTheStore) { ExpectIoErrorLatches(256 * 1024); }

TEST_F(SqliteStoreTest, IoErrorInsideACallbackLatchesTheStore) {
  ExpectIoErrorLatches(8 * 1024 * 1024);
}

// Holds the writer inside a first callback until `n` more writes are queued, so that those
// are guaranteed to share the next batch(es). Spins with yield(): no sleeps.
class WriterGate {
 public:
  explicit WriterGate(SqliteStore& store) : store_(store) {
    thread_ = std::thread([this] {
      Status st = store_.Write([this](OrderTransaction&) {
        inside_ = true;
        while (!open_) std::this_thread::yield();
        return Status::Ok();
      });
      EXPECT_TRUE(st.ok());
    });
    while (!inside_) std::this_thread::yield();
  }
  void OpenWhenQueued(int64_t n) {
    while (store_.Stats().queued < n) std::this_thread::yield();
    open_ = true;
    thread_.join();
  }

 private:
  SqliteStore& store_;
  std::atomic<bool> inside_{false};
  std::atomic<bool> open_{false};
  std::thread thread_;
};

TEST_F(SqliteStoreTest, OneBatchCommitsTheGoodCallbacksAndDropsTheFailedOnes) {
  SqliteOptions options;
  options.path = factory_.path();
  options.durable = true;
  auto opened = SqliteStore::Open(options);
  ASSERT_TRUE(opened.ok());
  SqliteStore& store = **opened;
  const auto before = store.Stats();

  WriterGate gate(store);
  constexpr int kWriters = 6;  // 0, 2, 4 succeed; 1 returns an error; 3 throws; 5 conflicts
  std::vector<Status> results(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      results[i] = store.Write([i](OrderTransaction& tx) -> Status {
        WorkOrder o = Basic("w" + std::to_string(i));
        if (i == 5) {
          o.channel = "city_platform";
          o.external_id = "SAME";
          MS_RETURN_IF_ERROR(tx.Insert(&o, "GX", "20261129"));
          WorkOrder again = o;
          return tx.Insert(&again, "GX", "20261129");  // duplicate (channel, external_id)
        }
        MS_RETURN_IF_ERROR(tx.Insert(&o, "GX", "20261129"));
        Event e = NextEvent(&o, Action::kCreate, std::nullopt, OrderStatus::kRegistered);
        MS_RETURN_IF_ERROR(tx.Save(&o, {e}));
        if (i == 1) return FailedPrecondition("test_failure", "测试失败");
        if (i == 3) throw std::runtime_error("boom");
        return Status::Ok();
      });
    });
  }
  gate.OpenWhenQueued(kWriters);
  for (auto& t : threads) t.join();

  const auto after = store.Stats();
  EXPECT_EQ(after.batches - before.batches, 2);  // the gate's batch + one shared batch
  EXPECT_EQ(after.writes - before.writes, kWriters + 1);
  EXPECT_TRUE(results[0].ok() && results[2].ok() && results[4].ok())
      << results[0].ToString() << results[2].ToString() << results[4].ToString();
  EXPECT_EQ(results[1].error_code(), "test_failure");
  EXPECT_EQ(results[3].code(), StatusCode::kInternal);
  EXPECT_EQ(results[5].error_code(), "duplicate_external_id");

  auto page = store.List(Q());
  ASSERT_TRUE(page.ok());
  std::set<std::string> titles, numbers;
  for (const auto& o : page->items) {
    titles.insert(o.title);
    numbers.insert(o.number);
  }
  EXPECT_EQ(titles, (std::set<std::string>{"w0", "w2", "w4"}));
  // Rolled-back callbacks gave their counter bumps back: the survivors hold 1..3.
  EXPECT_EQ(numbers,
            (std::set<std::string>{"GX2026112900001", "GX2026112900002", "GX2026112900003"}));
  EXPECT_EQ(factory_.QueryInt("SELECT last FROM number_counters WHERE key = 'GX20261129'"), 3);
}

TEST_F(SqliteStoreTest, MaxBatchBoundsOneCommit) {
  SqliteOptions options;
  options.path = factory_.path();
  options.durable = false;
  options.max_batch = 4;
  auto opened = SqliteStore::Open(options);
  ASSERT_TRUE(opened.ok());
  SqliteStore& store = **opened;
  WriterGate gate(store);
  const auto before = store.Stats();
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i)
    threads.emplace_back([&] { EXPECT_TRUE(Create(store, Basic()).id > 0); });
  gate.OpenWhenQueued(10);
  for (auto& t : threads) t.join();
  // The gate's batch finishes, then 10 queued writes need ceil(10 / 4) = 3 commits.
  EXPECT_EQ(store.Stats().batches - before.batches, 1 + 3);
}

TEST_F(SqliteStoreTest, NestedWriteFailsInsteadOfDeadlocking) {
  SqliteOptions options;
  options.path = factory_.path();
  options.durable = false;
  auto store = SqliteStore::Open(options);
  ASSERT_TRUE(store.ok());
  SqliteStore& s = **store;
  Status inner;
  Status outer = s.Write([&](OrderTransaction&) {
    inner = s.Write([](OrderTransaction&) { return Status::Ok(); });
    return Status::Ok();
  });
  EXPECT_TRUE(outer.ok());
  EXPECT_EQ(inner.code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace minsheng
