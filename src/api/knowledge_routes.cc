// /api/v1/kb/…: the knowledge base (知识库) — items, search, suggestions while an appeal is
// typed, review-due listing — and POST /api/v1/orders/{id}/answer-from-kb (知识库直办).
// Handlers only translate JSON to core inputs, call one KnowledgeService use case and map its
// result; every rule lives in src/core/knowledge/.
#include <nlohmann/json.hpp>

#include "api/error_mapping.h"
#include "api/json_input.h"
#include "api/knowledge_json.h"
#include "api/order_json.h"
#include "api/routes.h"

namespace minsheng::api {
namespace {

using nlohmann::json;

Response Disabled() {
  return ErrorResponse(Status(StatusCode::kUnavailable, "kb_disabled", "知识库未启用"));
}

Result<int64_t> PathId(const Request& req, const char* what) {
  auto id = ParseId(req.Param("id"));
  if (!id) return InvalidArgument("invalid_id", std::string(what) + "编号须为正整数");
  return *id;
}

// An optional positive integer query parameter no larger than `max`.
Status IntParam(const Request& req, const char* name, int max, int* out) {
  auto v = req.Query(name);
  if (!v || v->empty()) return Status::Ok();
  auto n = ParseId(*v);
  if (*v == "0") n = 0;
  if (!n || *n > max)
    return InvalidArgument("invalid_query", std::string("查询参数 ") + name + " 须为 0 到 " +
                                                std::to_string(max) + " 之间的整数");
  *out = static_cast<int>(*n);
  return Status::Ok();
}

Result<bool> BoolParam(const Request& req, const char* name) {
  auto v = req.Query(name);
  if (!v || v->empty() || *v == "false" || *v == "0") return false;
  if (*v == "true" || *v == "1") return true;
  return InvalidArgument("invalid_query", std::string("查询参数 ") + name + " 须为 true 或 false");
}

json Matches(const std::vector<KnowledgeMatch>& matches, const ZoneConfig& config) {
  json items = json::array();
  for (const KnowledgeMatch& m : matches) items.push_back(KnowledgeMatchJson(m, config));
  return items;
}

}  // namespace

void RegisterKnowledgeRoutes(Router& router, const ApiDeps& deps) {
  KnowledgeService* kb = deps.knowledge;
  const ZoneConfig* config = &deps.config;

  router.Add({Method::kGet, "/api/v1/kb/items", [kb, config](Request& req) -> Response {
                if (kb == nullptr) return Disabled();
                KnowledgeListQuery q;
                if (auto u = req.Query("unit")) q.unit = *u;
                if (auto c = req.Query("category")) q.category = *c;
                if (auto s = req.Query("status"); s && !s->empty()) {
                  q.status = ParseKnowledgeStatus(*s);
                  if (!q.status)
                    return ErrorResponse(
                        InvalidArgument("invalid_query", "查询参数 status 须为 active 或 retired"));
                }
                if (Status st = IntParam(req, "page", 1000000, &q.page); !st.ok())
                  return ErrorResponse(st);
                if (Status st = IntParam(req, "page_size", 1000000, &q.page_size); !st.ok())
                  return ErrorResponse(st);
                auto page = kb->List(*req.actor, q);
                if (!page.ok()) return ErrorResponse(page.status());
                json items = json::array();
                for (const auto& item : page->items)
                  items.push_back(KnowledgeItemJson(item, *config));
                return JsonResponse(200, json{{"items", items},
                                              {"total", page->total},
                                              {"page", q.page},
                                              {"page_size", q.page_size}}
                                             .dump());
              }});

  router.Add({Method::kPost, "/api/v1/kb/items",
              [kb, config](Request& req) -> Response {
                if (kb == nullptr) return Disabled();
                auto body = ParseJsonObject(req.body, /*allow_empty=*/false);
                if (!body.ok()) return ErrorResponse(body.status());
                KnowledgeInput in;
                if (Status st = ParseKnowledgeInput(*body, config->utc_offset_minutes, &in);
                    !st.ok())
                  return ErrorResponse(st);
                auto item = kb->Create(*req.actor, std::move(in));
                if (!item.ok()) return ErrorResponse(item.status());
                return JsonResponse(201, KnowledgeItemJson(*item, *config).dump());
              },
              Execution::kBlocking});

  router.Add({Method::kGet, "/api/v1/kb/items/{id}", [kb, config](Request& req) -> Response {
                if (kb == nullptr) return Disabled();
                auto id = PathId(req, "知识条目");
                if (!id.ok()) return ErrorResponse(id.status());
                auto item = kb->Get(*req.actor, *id);
                if (!item.ok()) return ErrorResponse(item.status());
                auto history = kb->History(*req.actor, *id);
                if (!history.ok()) return ErrorResponse(history.status());
                json j = KnowledgeItemJson(*item, *config);
                j["history"] = json::array();
                for (const auto& v : *history)
                  j["history"].push_back(KnowledgeVersionJson(v, *config));
                return JsonResponse(200, j.dump());
              }});

  router.Add({Method::kPut, "/api/v1/kb/items/{id}",
              [kb, config](Request& req) -> Response {
                if (kb == nullptr) return Disabled();
                auto id = PathId(req, "知识条目");
                if (!id.ok()) return ErrorResponse(id.status());
                auto body = ParseJsonObject(req.body, /*allow_empty=*/false);
                if (!body.ok()) return ErrorResponse(body.status());
                KnowledgeInput in;
                if (Status st = ParseKnowledgeInput(*body, config->utc_offset_minutes, &in);
                    !st.ok())
                  return ErrorResponse(st);
                auto item = kb->Update(*req.actor, *id, std::move(in));
                if (!item.ok()) return ErrorResponse(item.status());
                return JsonResponse(200, KnowledgeItemJson(*item, *config).dump());
              },
              Execution::kBlocking});

  router.Add({Method::kPost, "/api/v1/kb/items/{id}/retire",
              [kb, config](Request& req) -> Response {
                if (kb == nullptr) return Disabled();
                auto id = PathId(req, "知识条目");
                if (!id.ok()) return ErrorResponse(id.status());
                auto body = ParseJsonObject(req.body, /*allow_empty=*/true);
                if (!body.ok()) return ErrorResponse(body.status());
                std::string note;
                int64_t expected_version = 0;
                if (Status st = ReadString(*body, "note", "note", &note); !st.ok())
                  return ErrorResponse(st);
                if (Status st =
                        ReadInt64(*body, "expected_version", "expected_version", &expected_version);
                    !st.ok())
                  return ErrorResponse(st);
                auto item = kb->Retire(*req.actor, *id, note, expected_version);
                if (!item.ok()) return ErrorResponse(item.status());
                return JsonResponse(200, KnowledgeItemJson(*item, *config).dump());
              },
              Execution::kBlocking});

  router.Add({Method::kGet, "/api/v1/kb/search", [kb, config](Request& req) -> Response {
                if (kb == nullptr) return Disabled();
                KnowledgeSearchQuery q;
                if (auto v = req.Query("q")) q.q = *v;
                if (auto v = req.Query("category")) q.category = *v;
                if (auto v = req.Query("unit")) q.unit = *v;
                auto all = BoolParam(req, "all");
                if (!all.ok()) return ErrorResponse(all.status());
                q.include_invalid = *all;
                if (Status st = IntParam(req, "limit", 1000, &q.limit); !st.ok())
                  return ErrorResponse(st);
                auto matches = kb->Search(*req.actor, q);
                if (!matches.ok()) return ErrorResponse(matches.status());
                return JsonResponse(200, json{{"items", Matches(*matches, *config)}}.dump());
              }});

  router.Add({Method::kPost, "/api/v1/kb/suggest", [kb, config](Request& req) -> Response {
                if (kb == nullptr) return Disabled();
                auto body = ParseJsonObject(req.body, /*allow_empty=*/false);
                if (!body.ok()) return ErrorResponse(body.status());
                std::string title, content;
                int64_t limit = 5;
                if (Status st = ReadString(*body, "title", "title", &title); !st.ok())
                  return ErrorResponse(st);
                if (Status st = ReadString(*body, "content", "content", &content); !st.ok())
                  return ErrorResponse(st);
                if (Status st = ReadInt64(*body, "limit", "limit", &limit); !st.ok())
                  return ErrorResponse(st);
                const Limits& lim = config->limits;
                for (Status st :
                     {CheckTextLength(title, lim.title_max_chars, "title", "标题"),
                      CheckTextLength(content, lim.content_max_chars, "content", "诉求内容")}) {
                  if (!st.ok()) return ErrorResponse(st);
                }
                const int n = limit < 0 || limit > 1000 ? 0 : static_cast<int>(limit);
                auto matches = kb->Suggest(*req.actor, title, content, n);
                if (!matches.ok()) return ErrorResponse(matches.status());
                return JsonResponse(200, json{{"items", Matches(*matches, *config)}}.dump());
              }});

  router.Add({Method::kGet, "/api/v1/kb/review-due", [kb, config](Request& req) -> Response {
                if (kb == nullptr) return Disabled();
                int within_days = 30;
                if (Status st = IntParam(req, "within_days", 100000, &within_days); !st.ok())
                  return ErrorResponse(st);
                std::string unit;
                if (auto v = req.Query("unit")) unit = *v;
                auto due = kb->ReviewDue(*req.actor, within_days, unit);
                if (!due.ok()) return ErrorResponse(due.status());
                json items = json::array();
                for (const auto& item : due->items) {
                  json j = KnowledgeItemJson(item, *config);
                  j["overdue"] = item.review_due <= due->now;
                  items.push_back(std::move(j));
                }
                return JsonResponse(
                    200, json{{"until", FormatIso8601(due->until, config->utc_offset_minutes)},
                              {"items", items}}
                             .dump());
              }});

  // Registered before the orders' generic /orders/{id}/{action} route (first match wins).
  router.Add({Method::kPost, "/api/v1/orders/{id}/answer-from-kb",
              [kb, deps](Request& req) -> Response {
                if (kb == nullptr) return Disabled();
                auto id = PathId(req, "工单");
                if (!id.ok()) return ErrorResponse(id.status());
                auto body = ParseJsonObject(req.body, /*allow_empty=*/false);
                if (!body.ok()) return ErrorResponse(body.status());
                int64_t item_id = 0;
                std::string text, note;
                if (Status st = ReadInt64(*body, "item_id", "item_id", &item_id); !st.ok())
                  return ErrorResponse(st);
                if (Status st = ReadString(*body, "text", "text", &text); !st.ok())
                  return ErrorResponse(st);
                if (Status st = ReadString(*body, "note", "note", &note); !st.ok())
                  return ErrorResponse(st);
                auto order = kb->AnswerFromKnowledge(*req.actor, *id, item_id, text, note);
                if (!order.ok()) return ErrorResponse(order.status());
                return JsonResponse(200, RenderOrder(deps, *order));
              },
              Execution::kBlocking});
}

}  // namespace minsheng::api
