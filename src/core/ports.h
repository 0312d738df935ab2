// Ports: interfaces the core owns and adapters implement (STYLE.md practice 2).
//
//   Clock            — time source (SystemClock here; FakeClock for tests)
//   OrderRepository  — work orders + timelines (SQLite in src/store; PostgreSQL later)
//   UserRepository   — accounts and sessions
//   PasswordHasher   — argon2id via libsodium (src/app)
//   TokenSource      — random bearer tokens and their hashes (src/app)
//   DispatchAdvisor  — the smart dispatch engine (src/dispatch)
//   Notifier         — 催办/督办 notices (log and webhook implementations)
#ifndef MINSHENG_CORE_PORTS_H_
#define MINSHENG_CORE_PORTS_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/order.h"
#include "core/status.h"
#include "core/types.h"

namespace minsheng {

// ---------------------------------------------------------------- Clock
class Clock {
 public:
  virtual ~Clock() = default;
  // Unix epoch milliseconds. Thread-safe.
  virtual int64_t NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A settable clock for tests and scenario files. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t now_ms = 0) : now_(now_ms) {}
  int64_t NowMs() const override { return now_.load(); }
  void Set(int64_t now_ms) { now_.store(now_ms); }
  void Advance(int64_t delta_ms) { now_.fetch_add(delta_ms); }

 private:
  std::atomic<int64_t> now_;
};

// ---------------------------------------------------------------- Orders
struct OrderQuery {
  std::optional<OrderStatus> status;
  std::string unit;      // orders with an active assignment to this unit
  std::string category;  // category code; a level-1 code also matches its level-2 children
  std::string q;         // substring of number, title, content or address
  int64_t from = 0;      // created_at >= from (ms), 0 = unbounded
  int64_t to = 0;        // created_at < to (ms), 0 = unbounded
  int page = 1;          // 1-based
  int page_size = 20;
  std::string visible_to_unit;  // scoping for unit users: only orders assigned to this unit
  std::string caller;           // CallerKey of the citizen's phone (repeat-caller detection)
  std::string address;          // exact address (same-place detection)
  std::string place;            // WorkOrder::place_key (same-place detection without an address)
  std::vector<int64_t> ids;     // only these orders (repeat candidates found by wording)
  std::vector<OrderStatus> exclude_statuses;  // e.g. the closed ones, for "still open" queries
};

struct OrderText {
  int64_t id = 0;
  int64_t created_at = 0;
  std::string title;
  std::string content;
};

struct OrderPage {
  std::vector<WorkOrder> items;  // newest first, without timelines
  int64_t total = 0;
};

// ---------------------------------------------------------------- Event feed
// Every timeline event of every order in commit order, numbered by a global, strictly
// increasing position: the outbox that exporters (upstream replies, later reports and Open311)
// read. Consumers keep their own cursor; delivery is at-least-once (a consumer advances its
// cursor only after it delivered).
struct FeedEntry {
  int64_t position = 0;
  int64_t order_id = 0;
  std::string order_number;
  std::string channel;
  std::string external_id;  // the upstream number, if any
  Event event;
};

class EventFeed {
 public:
  virtual ~EventFeed() = default;
  // Entries with position > after, oldest first, at most `limit`.
  virtual Result<std::vector<FeedEntry>> ReadFeed(int64_t after, int limit) = 0;
  // The consumer's cursor (0 when it never read).
  virtual Result<int64_t> FeedCursor(std::string_view consumer) = 0;
  virtual Status SetFeedCursor(std::string_view consumer, int64_t position, int64_t now_ms) = 0;
};

// The write side of one transaction. Only valid inside OrderRepository::Write's callback.
class OrderTransaction {
 public:
  virtual ~OrderTransaction() = default;
  // Loads an order without its timeline. NotFound("order_not_found").
  virtual Result<WorkOrder> Load(int64_t id) = 0;
  // The id of the order with this (channel, external_id), if any.
  virtual Result<std::optional<int64_t>> FindByExternalId(std::string_view channel,
                                                          std::string_view external_id) = 0;
  // Inserts `order` (status, fields, no events yet): assigns order->id and order->number as
  // `prefix + local_date + 5-digit daily sequence`, e.g. GX2026112900001.
  virtual Status Insert(WorkOrder* order, std::string_view prefix, std::string_view local_date) = 0;
  // Persists every field of an existing order (bumps its version) and appends `events`
  // (already numbered by the caller, continuing order->event_count) to its timeline.
  // Conflict("version_conflict") when the stored version or event count moved on since the
  // order was loaded; Conflict("duplicate_external_id") when (channel, external_id) is taken.
  // Insert assigns version 1; each Save adds 1.
  virtual Status Save(WorkOrder* order, const std::vector<Event>& events) = 0;
};

class OrderRepository {
 public:
  virtual ~OrderRepository() = default;
  // Runs `fn` in one write transaction. When fn returns OK, everything it wrote is durable
  // when Write returns OK (implementations may share one commit/fsync between concurrent
  // callers: group commit). When fn returns an error, nothing it wrote persists and that
  // error is returned. Thread-safe; blocks the caller until committed.
  virtual Status Write(const std::function<Status(OrderTransaction&)>& fn) = 0;
  // Reads one order with its timeline (oldest event first). NotFound("order_not_found").
  virtual Result<WorkOrder> Get(int64_t id) = 0;
  virtual Result<OrderPage> List(const OrderQuery& query) = 0;
  // Ids of every order whose status IsOpen() (still being handled), ascending. Used by the
  // deadline sweep.
  virtual Result<std::vector<int64_t>> ListOpenIds() = 0;
  // The wording of orders with id > after_id registered at or after created_from, ascending
  // by id, at most `limit`. Feeds the in-memory index of repeat detection by wording.
  virtual Result<std::vector<OrderText>> ListTexts(int64_t after_id, int64_t created_from,
                                                   int limit) = 0;
};

// ---------------------------------------------------------------- Users
struct User {
  int64_t id = 0;
  std::string username;
  Role role = Role::kCentre;
  std::string unit;  // required for Role::kUnit
  std::string password_hash;
  bool active = true;
  int64_t created_at = 0;
};

struct Session {
  std::string token_hash;
  int64_t user_id = 0;
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // Conflict("username_taken") when the name exists. Returns the user with its id.
  virtual Result<User> CreateUser(const User& user) = 0;
  virtual Result<User> FindUserByName(std::string_view username) = 0;  // NotFound("user_not_found")
  virtual Result<User> FindUserById(int64_t id) = 0;                   // NotFound("user_not_found")
  virtual Result<int64_t> CountUsers() = 0;
  virtual Status CreateSession(const Session& session) = 0;
  virtual Result<Session> FindSession(std::string_view token_hash) = 0;  // NotFound
};

class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  virtual Result<std::string> Hash(std::string_view password) = 0;
  virtual bool Verify(std::string_view hash, std::string_view password) = 0;
};

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  virtual std::string NewToken() = 0;                         // unguessable, URL-safe
  virtual std::string HashToken(std::string_view token) = 0;  // what is stored
};

// ---------------------------------------------------------------- Dispatch
struct SuggestRequest {
  std::string title;
  std::string content;
  std::string address;
  std::string phone;  // for repeat-caller detection
  std::string place;  // the recognised place or estate (DispatchSuggestion::place), for repeats
};

// Longest WorkOrder::place_key stored (longer keys are dropped at intake).
inline constexpr size_t kMaxPlaceKeyBytes = 64;

struct DispatchSuggestion {
  std::vector<std::pair<std::string, double>> categories;  // top-k (category code or label, p)
  std::string type;                                        // order type id
  std::string urgency;                                     // urgency id
  std::string emergency_target;  // "110"/"119"/"120" when the emergency screen fires
  std::string region_code;
  // Key of the place recognised below street level (the region code of the village/community,
  // wherever it was written), else "estate:" + the residential estate named (小区, 花园 …);
  // "" when none. Stored on orders for 重复件 detection (at most kMaxPlaceKeyBytes).
  std::string place;
  std::string main_unit;
  std::vector<std::string> co_units;
  std::string json;  // the full suggestion as a JSON object (stored and returned verbatim)
};

class DispatchAdvisor {
 public:
  virtual ~DispatchAdvisor() = default;
  // Thread-safe.
  virtual Result<DispatchSuggestion> Suggest(const SuggestRequest& request) = 0;
};

// ---------------------------------------------------------------- Notices
struct Notice {
  std::string kind;  // "urge", "supervise", …
  int64_t order_id = 0;
  std::string order_number;
  std::string unit;
  std::string text;  // Chinese
  int64_t at = 0;
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual Status Send(const Notice& notice) = 0;
};

}  // namespace minsheng

#endif  // MINSHENG_CORE_PORTS_H_
