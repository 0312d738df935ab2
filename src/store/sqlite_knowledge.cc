#include "store/sqlite_knowledge.h"

#include <nlohmann/json.hpp>

#include "store/sqlite_db.h"

namespace minsheng {
namespace {

using store_internal::Db;
using store_internal::Stmt;

constexpr const char* kItemColumns =
    "id, title, body, categories, owner_unit, valid_from, valid_to, review_due, status, version, "
    "created_by, created_at, updated_by, updated_at, reminded_version";

Status ItemNotFound() { return NotFound("kb_item_not_found", "知识条目不存在"); }

std::string CategoriesJson(const std::vector<std::string>& categories) {
  return nlohmann::json(categories).dump();
}

std::vector<std::string> ParseCategories(const std::string& text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

KnowledgeItem ReadItem(const Stmt& s) {
  KnowledgeItem item;
  item.id = s.Int(0);
  item.title = s.Text(1);
  item.body = s.Text(2);
  item.categories = ParseCategories(s.Text(3));
  item.owner_unit = s.Text(4);
  item.valid_from = s.Int(5);
  item.valid_to = s.Int(6);
  item.review_due = s.Int(7);
  item.status = ParseKnowledgeStatus(s.Text(8)).value_or(KnowledgeStatus::kRetired);
  item.version = s.Int(9);
  item.created_by = s.Text(10);
  item.created_at = s.Int(11);
  item.updated_by = s.Text(12);
  item.updated_at = s.Int(13);
  item.reminded_version = s.Int(14);
  return item;
}

Result<KnowledgeItem> LoadItem(Db& db, int64_t id) {
  auto s = db.Prepare(std::string("SELECT ") + kItemColumns + " FROM kb_items WHERE id = ?");
  if (!s.ok()) return s.status();
  s->Bind(id);
  auto row = s->Step();
  if (!row.ok()) return row.status();
  if (!*row) return ItemNotFound();
  return ReadItem(*s);
}

Status AppendVersion(Db& db, const KnowledgeItem& item, std::string_view change,
                     std::string_view note) {
  auto s = db.Prepare(
      "INSERT INTO kb_item_versions(item_id, version, change, note, title, body, categories, "
      "owner_unit, valid_from, valid_to, review_due, status, changed_by, changed_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s.ok()) return s.status();
  s->Bind(item.id).Bind(item.version).Bind(change).Bind(note).Bind(item.title).Bind(item.body);
  s->Bind(CategoriesJson(item.categories)).Bind(item.owner_unit).Bind(item.valid_from);
  s->Bind(item.valid_to).Bind(item.review_due).Bind(ToString(item.status));
  s->Bind(item.updated_by).Bind(item.updated_at);
  Status st = s->Run();
  if (!st.ok() && (s->last_rc() & 0xff) == SQLITE_CONSTRAINT)
    return Conflict("version_conflict", "知识条目已被他人修改,请刷新后重试");
  return st;
}

class Transaction final : public KnowledgeTransaction {
 public:
  explicit Transaction(Db& db) : db_(db) {}

  Result<KnowledgeItem> Load(int64_t id) override { return LoadItem(db_, id); }

  Status Insert(KnowledgeItem* item, std::string_view note) override {
    if (item->version != 1) return Internal("kb insert with version != 1");
    auto s = db_.Prepare(
        "INSERT INTO kb_items(title, body, categories, owner_unit, valid_from, valid_to, "
        "review_due, status, version, created_by, created_at, updated_by, updated_at, "
        "reminded_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)");
    if (!s.ok()) return s.status();
    s->Bind(item->title).Bind(item->body).Bind(CategoriesJson(item->categories));
    s->Bind(item->owner_unit).Bind(item->valid_from).Bind(item->valid_to).Bind(item->review_due);
    s->Bind(ToString(item->status)).Bind(item->version).Bind(item->created_by);
    s->Bind(item->created_at).Bind(item->updated_by).Bind(item->updated_at);
    MS_RETURN_IF_ERROR(s->Run());
    item->id = sqlite3_last_insert_rowid(db_.raw());
    item->reminded_version = 0;
    return AppendVersion(db_, *item, "create", note);
  }

  Status Save(const KnowledgeItem& item, std::string_view change, std::string_view note) override {
    auto s = db_.Prepare(
        "UPDATE kb_items SET title = ?, body = ?, categories = ?, owner_unit = ?, "
        "valid_from = ?, valid_to = ?, review_due = ?, status = ?, version = ?, updated_by = ?, "
        "updated_at = ? WHERE id = ? AND version = ?");
    if (!s.ok()) return s.status();
    s->Bind(item.title).Bind(item.body).Bind(CategoriesJson(item.categories));
    s->Bind(item.owner_unit).Bind(item.valid_from).Bind(item.valid_to).Bind(item.review_due);
    s->Bind(ToString(item.status)).Bind(item.version).Bind(item.updated_by).Bind(item.updated_at);
    s->Bind(item.id).Bind(item.version - 1);
    MS_RETURN_IF_ERROR(s->Run());
    if (sqlite3_changes(db_.raw()) != 1) {
      auto exists = LoadItem(db_, item.id);
      if (!exists.ok()) return exists.status();
      return Conflict(
          "version_conflict",
          "知识条目已被他人修改(当前第 " + std::to_string(exists->version) + " 版),请刷新后重试");
    }
    return AppendVersion(db_, item, change, note);
  }

  Result<bool> MarkReminded(int64_t id, int64_t version) override {
    auto s = db_.Prepare(
        "UPDATE kb_items SET reminded_version = ? "
        "WHERE id = ? AND version = ? AND reminded_version < ?");
    if (!s.ok()) return s.status();
    s->Bind(version).Bind(id).Bind(version).Bind(version);
    MS_RETURN_IF_ERROR(s->Run());
    return sqlite3_changes(db_.raw()) == 1;
  }

 private:
  Db& db_;
};

}  // namespace

Status SqliteKnowledgeRepository::Write(const std::function<Status(KnowledgeTransaction&)>& fn) {
  return store_.WriteDb([&fn](Db& db) -> Status {
    Transaction tx(db);
    return fn(tx);
  });
}

Result<KnowledgeItem> SqliteKnowledgeRepository::Get(int64_t id) {
  KnowledgeItem out;
  Status st = store_.ReadDb([&](Db& db) -> Status {
    auto item = LoadItem(db, id);
    if (!item.ok()) return item.status();
    out = std::move(item).value();
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<KnowledgeVersion>> SqliteKnowledgeRepository::History(int64_t id) {
  std::vector<KnowledgeVersion> out;
  Status st = store_.ReadDb([&](Db& db) -> Status {
    auto created = db.Prepare("SELECT created_by, created_at FROM kb_items WHERE id = ?");
    if (!created.ok()) return created.status();
    created->Bind(id);
    auto found = created->Step();
    if (!found.ok()) return found.status();
    if (!*found) return Status::Ok();
    const std::string created_by = created->Text(0);
    const int64_t created_at = created->Int(1);
    auto s = db.Prepare(
        "SELECT version, change, note, title, body, categories, owner_unit, valid_from, "
        "valid_to, review_due, status, changed_by, changed_at FROM kb_item_versions "
        "WHERE item_id = ? ORDER BY version");
    if (!s.ok()) return s.status();
    s->Bind(id);
    for (;;) {
      auto row = s->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      KnowledgeVersion v;
      v.item.id = id;
      v.item.version = s->Int(0);
      v.change = s->Text(1);
      v.note = s->Text(2);
      v.item.title = s->Text(3);
      v.item.body = s->Text(4);
      v.item.categories = ParseCategories(s->Text(5));
      v.item.owner_unit = s->Text(6);
      v.item.valid_from = s->Int(7);
      v.item.valid_to = s->Int(8);
      v.item.review_due = s->Int(9);
      v.item.status = ParseKnowledgeStatus(s->Text(10)).value_or(KnowledgeStatus::kRetired);
      v.item.updated_by = s->Text(11);
      v.item.updated_at = s->Int(12);
      v.item.created_by = created_by;
      v.item.created_at = created_at;
      out.push_back(std::move(v));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<int64_t> SqliteKnowledgeRepository::Generation() {
  int64_t out = 0;
  Status st = store_.ReadDb([&](Db& db) -> Status {
    auto s = db.Prepare("SELECT coalesce(max(id), 0) FROM kb_item_versions");
    if (!s.ok()) return s.status();
    auto row = s->Step();
    if (!row.ok()) return row.status();
    out = *row ? s->Int(0) : 0;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<KnowledgeSnapshot> SqliteKnowledgeRepository::LoadAll() {
  KnowledgeSnapshot out;
  Status st = store_.ReadDb([&](Db& db) -> Status {
    auto g = db.Prepare("SELECT coalesce(max(id), 0) FROM kb_item_versions");
    if (!g.ok()) return g.status();
    auto grow = g->Step();
    if (!grow.ok()) return grow.status();
    out.generation = *grow ? g->Int(0) : 0;
    auto s = db.Prepare(std::string("SELECT ") + kItemColumns + " FROM kb_items ORDER BY id");
    if (!s.ok()) return s.status();
    for (;;) {
      auto row = s->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      out.items.push_back(ReadItem(*s));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<KnowledgeItem>> SqliteKnowledgeRepository::ListReviewDue(int64_t until,
                                                                            std::string_view unit,
                                                                            bool unreminded_only) {
  std::vector<KnowledgeItem> out;
  Status st = store_.ReadDb([&](Db& db) -> Status {
    // Fixed SQL texts (one cached statement each); every value is bound.
    std::string sql = std::string("SELECT ") + kItemColumns +
                      " FROM kb_items WHERE status = 'active' AND review_due > 0 AND "
                      "review_due <= ?";
    if (!unit.empty()) sql += " AND owner_unit = ?";
    if (unreminded_only) sql += " AND reminded_version < version";
    sql += " ORDER BY review_due, id";
    auto s = db.Prepare(sql);
    if (!s.ok()) return s.status();
    s->Bind(until);
    if (!unit.empty()) s->Bind(unit);
    for (;;) {
      auto row = s->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      out.push_back(ReadItem(*s));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace minsheng
