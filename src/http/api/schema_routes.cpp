// /api/v1/schema/*: field types, entities and fields (the form designer's API).
#include "http/api/api.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "platform/schema/errors.h"

namespace peony::http::api {
namespace {

access::Actor ActorOf(const RequestContext& rc, const Request& req) {
  return access::Actor{rc.user().user_id, rc.user().username, req.remote_addr};
}

boost::json::object FieldJson(const schema::FieldDef& f) {
  return {{"id", f.id},
          {"name", f.name},
          {"label", f.label},
          {"type", f.type},
          {"required", f.required},
          {"unique", f.unique},
          {"sensitive", f.sensitive},
          {"options", f.options},
          {"position", f.position},
          {"retired", f.retired},
          {"locked", f.locked}};
}

boost::json::object EntityJson(const schema::EntityDef& e) {
  boost::json::array fields;
  for (const auto& f : e.fields) fields.push_back(FieldJson(f));
  return {{"id", e.id},
          {"name", e.name},
          {"label", e.label},
          {"system", e.system},
          {"version", e.version},
          {"options", e.options},
          {"fields", std::move(fields)}};
}

Result<schema::FieldSpec> FieldSpecFrom(const boost::json::value& v) {
  if (!v.is_object()) return errors::Validation("fields", "each field must be an object");
  const auto& o = v.as_object();
  schema::FieldSpec s;
  PEONY_TRY(s.name, RequiredString(o, "name", 40));
  PEONY_TRY(s.label, RequiredString(o, "label", 64));
  PEONY_TRY(s.type, RequiredString(o, "type", 40));
  PEONY_TRY(auto required, OptionalBool(o, "required"));
  PEONY_TRY(auto unique, OptionalBool(o, "unique"));
  PEONY_TRY(auto sensitive, OptionalBool(o, "sensitive"));
  s.required = required.value_or(false);
  s.unique = unique.value_or(false);
  s.sensitive = sensitive.value_or(false);
  if (const auto it = o.find("options"); it != o.end() && !it->value().is_null()) {
    if (!it->value().is_object()) return errors::Validation("options", "must be an object");
    s.options = it->value().as_object();
  }
  return s;
}

Result<schema::EntitySpec> EntitySpecFrom(const boost::json::object& o) {
  schema::EntitySpec s;
  PEONY_TRY(s.name, RequiredString(o, "name", 40));
  PEONY_TRY(s.label, RequiredString(o, "label", 64));
  if (const auto it = o.find("fields"); it != o.end() && !it->value().is_null()) {
    if (!it->value().is_array()) return errors::Validation("fields", "must be an array");
    for (const auto& f : it->value().as_array()) {
      PEONY_TRY(auto spec, FieldSpecFrom(f));
      s.fields.push_back(std::move(spec));
    }
  }
  if (const auto it = o.find("options"); it != o.end() && it->value().is_object()) {
    s.options = it->value().as_object();
  }
  return s;
}

constexpr const char* kFieldSchema = R"({"type":"object","required":["name","label","type"],
 "properties":{"name":{"type":"string","pattern":"^[a-z][a-z0-9_]{1,39}$"},"label":{"type":"string"},
 "type":{"type":"string","description":"a name from GET /api/v1/schema/field-types"},
 "required":{"type":"boolean"},"unique":{"type":"boolean"},
 "sensitive":{"type":"boolean","description":"encrypted at rest, masked for roles without data.<entity>.unmask"},
 "options":{"type":"object","description":"type-specific: choices, min, max, pattern, target, expression, …"},
 "id":{"type":"integer","readOnly":true},"position":{"type":"integer"},
 "retired":{"type":"boolean","readOnly":true},"locked":{"type":"boolean","readOnly":true}}})";

// Every active entity with an active relation field pointing at `entity`: the detail page lists
// their records filtered on that field.
boost::json::array ReferencedBy(const schema::Catalog& catalog, const std::string& entity) {
  boost::json::array out;
  for (const auto& e : catalog.entities()) {
    if (e.retired) continue;
    for (const auto& f : e.fields) {
      if (f.retired) continue;
      const schema::FieldType* t = schema::FindFieldType(f);
      const auto* target = f.options.if_contains("target");
      if (!t || t->reference() != schema::Reference::kRecord || !target || !target->is_string() ||
          target->as_string() != entity) {
        continue;
      }
      out.push_back(boost::json::object{{"entity", e.name},
                                        {"entity_label", e.label},
                                        {"field", f.name},
                                        {"field_label", f.label}});
    }
  }
  return out;
}

std::string EntitySchema() {
  return std::string(R"({"type":"object","required":["name","label"],"properties":{
 "name":{"type":"string","pattern":"^[a-z][a-z0-9_]{1,39}$"},"label":{"type":"string"},
 "options":{"type":"object","properties":{"indexes":{"type":"array","maxItems":8,
   "description":"compound indexes: lists of 2 or 3 plain-column fields, e.g. [[\"city\",\"joined_on\"]]; a list filtering the first fields by eq and sorting by the next walks one index",
   "items":{"type":"array","minItems":2,"maxItems":3,"items":{"type":"string"}}}}},
 "version":{"type":"integer","readOnly":true},
 "fields":{"type":"array","items":)") +
         kFieldSchema + "}}}";
}

// EntitySchema plus referenced_by.
std::string EntityDetailSchema() {
  std::string s = EntitySchema();
  s.insert(s.size() - 2, R"(,
 "referenced_by":{"type":"array","readOnly":true,"items":{"type":"object",
   "required":["entity","entity_label","field","field_label"],"properties":{
   "entity":{"type":"string"},"entity_label":{"type":"string"},
   "field":{"type":"string","description":"the relation field: list with filter {\"field\":<field>,\"op\":\"eq\",\"value\":<id>}"},
   "field_label":{"type":"string"}}}})");
  return s;
}

}  // namespace

void AddSchemaRoutes(Router& r, ApiContext& ctx) {
  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/schema/field-types",
         .summary = "The field types the form designer offers, with their filter operators",
         .tag = "schema",
         .response_schema = R"({"type":"object","properties":{"items":{"type":"array","items":{
 "type":"object","properties":{"name":{"type":"string"},"label":{"type":"string"},
 "category":{"type":"string"},"operators":{"type":"array","items":{"type":"string"}},
 "can_be_sensitive":{"type":"boolean"},"computed":{"type":"boolean"}}}}}})",
         .handler = [](const Request&, RequestContext& rc) -> Result<Response> {
           boost::json::array items;
           for (const schema::FieldType* t : schema::AllFieldTypes()) {
             boost::json::array ops;
             for (auto op : t->Operators()) ops.emplace_back(op);
             items.push_back(boost::json::object{{"name", t->name()},
                                                 {"label", t->label(rc.english)},
                                                 {"category", t->category()},
                                                 {"operators", std::move(ops)},
                                                 {"can_be_sensitive", t->can_be_sensitive()},
                                                 {"computed", t->computed()}});
           }
           return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/schema/entities",
         .summary = "The entities (forms) of the organisation",
         .tag = "schema",
         .handler = [&ctx](const Request&, RequestContext&) -> Result<Response> {
           PEONY_TRY(auto catalog, ctx.catalog->Snapshot());
           boost::json::array items;
           for (const auto& e : catalog->entities()) {
             if (!e.retired) items.push_back(EntityJson(e));
           }
           return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/schema/entities",
         .summary = "Define a new entity with its fields: a real table with one column per field",
         .tag = "schema",
         .permission = "schema.manage",
         .request_schema = EntitySchema(),
         .response_schema = EntitySchema(),
         .success_status = 201,
         .error_codes = {"schema.invalid_name", "schema.name_taken", "schema.unknown_type",
                         "schema.invalid_options", "request.validation"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto spec, EntitySpecFrom(body));
           PEONY_TRY(auto e, ctx.catalog->CreateEntity(rc.user().org_id, spec, ActorOf(rc, req)));
           return JsonResponse(201, EntityJson(e));
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/schema/entities/{entity}",
         .summary = "One entity with its fields (retired ones flagged) and the relation fields "
                    "of other entities that point at it (referenced_by)",
         .tag = "schema",
         .response_schema = EntityDetailSchema(),
         .error_codes = {"schema.entity_not_found"},
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto catalog, ctx.catalog->Snapshot());
           const std::string name(rc.Param("entity"));
           const schema::EntityDef* e = catalog->Find(name);
           if (!e) return schema::errors::EntityNotFound(name);
           boost::json::object body = EntityJson(*e);
           body["referenced_by"] = ReferencedBy(*catalog, e->name);
           return JsonResponse(200, body);
         }});

  r.Add({.method = Method::kPatch,
         .pattern = "/api/v1/schema/entities/{entity}",
         .summary = "Change an entity's label or options",
         .tag = "schema",
         .permission = "schema.manage",
         .error_codes = {"schema.entity_not_found", "schema.version_conflict"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto label, OptionalString(body, "label", 64));
           PEONY_TRY(auto version, OptionalInt(body, "version"));
           std::optional<boost::json::object> options;
           if (const auto it = body.find("options"); it != body.end() && it->value().is_object()) {
             options = it->value().as_object();
           }
           PEONY_TRY(auto e, ctx.catalog->UpdateEntity(std::string(rc.Param("entity")), label,
                                                       options, version, ActorOf(rc, req)));
           return JsonResponse(200, EntityJson(e));
         }});

  r.Add({.method = Method::kDelete,
         .pattern = "/api/v1/schema/entities/{entity}",
         .summary = "Retire an entity: it disappears from lists, its table and data are kept",
         .tag = "schema",
         .permission = "schema.manage",
         .success_status = 204,
         .error_codes = {"schema.entity_not_found", "schema.locked"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_CHECK(
               ctx.catalog->RetireEntity(std::string(rc.Param("entity")), ActorOf(rc, req)));
           return NoContent();
         }});

  r.Add({.method = Method::kGet,
         .pattern = "/api/v1/schema/entities/{entity}/fields",
         .summary = "The fields of an entity",
         .tag = "schema",
         .handler = [&ctx](const Request&, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto catalog, ctx.catalog->Snapshot());
           const std::string name(rc.Param("entity"));
           const schema::EntityDef* e = catalog->Find(name);
           if (!e) return schema::errors::EntityNotFound(name);
           boost::json::array items;
           for (const auto& f : e->fields) items.push_back(FieldJson(f));
           return JsonResponse(200, boost::json::object{{"items", std::move(items)}});
         }});

  r.Add({.method = Method::kPost,
         .pattern = "/api/v1/schema/entities/{entity}/fields",
         .summary = "Add a field (a new column; existing records get no value)",
         .tag = "schema",
         .permission = "schema.manage",
         .request_schema = kFieldSchema,
         .response_schema = kFieldSchema,
         .success_status = 201,
         .error_codes = {"schema.entity_not_found", "schema.name_taken", "schema.unknown_type",
                         "schema.invalid_options"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           PEONY_TRY(auto spec, FieldSpecFrom(body));
           PEONY_TRY(auto f, ctx.catalog->AddField(std::string(rc.Param("entity")), spec,
                                                   ActorOf(rc, req)));
           return JsonResponse(201, FieldJson(f));
         }});

  r.Add({.method = Method::kPatch,
         .pattern = "/api/v1/schema/entities/{entity}/fields/{field}",
         .summary = "Relabel a field, change its options, required/unique, position; "
                    "\"retired\": true hides it (data kept), false brings it back",
         .tag = "schema",
         .permission = "schema.manage",
         .response_schema = kFieldSchema,
         .error_codes = {"schema.field_not_found", "schema.locked", "schema.duplicates_exist"},
         .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
           PEONY_TRY(auto body, ParseJsonObject(req));
           const std::string entity(rc.Param("entity"));
           const std::string field(rc.Param("field"));
           if (body.contains("type")) return schema::errors::TypeChange(field);
           schema::FieldPatch p;
           PEONY_TRY(p.label, OptionalString(body, "label", 64));
           PEONY_TRY(p.required, OptionalBool(body, "required"));
           PEONY_TRY(p.unique, OptionalBool(body, "unique"));
           PEONY_TRY(auto position, OptionalInt(body, "position", 0, 10000));
           if (position) p.position = static_cast<int>(*position);
           if (const auto it = body.find("options"); it != body.end() && it->value().is_object()) {
             p.options = it->value().as_object();
           }
           PEONY_TRY(auto retired, OptionalBool(body, "retired"));
           PEONY_TRY(auto f, ctx.catalog->UpdateField(entity, field, p, ActorOf(rc, req)));
           if (retired && *retired != f.retired) {
             PEONY_TRY(f, ctx.catalog->SetFieldRetired(entity, field, *retired, ActorOf(rc, req)));
           }
           return JsonResponse(200, FieldJson(f));
         }});

  r.Add(
      {.method = Method::kDelete,
       .pattern = "/api/v1/schema/entities/{entity}/fields/{field}",
       .summary = "Retire a field (data kept); with ?purge=true drop a retired field's data "
                  "for good (audited)",
       .tag = "schema",
       .permission = "schema.manage",
       .query = {{"purge", "boolean", "drop the column and its data (the field must be retired)"}},
       .success_status = 204,
       .error_codes = {"schema.field_not_found", "schema.locked", "schema.not_retired"},
       .handler = [&ctx](const Request& req, RequestContext& rc) -> Result<Response> {
         const std::string entity(rc.Param("entity"));
         const std::string field(rc.Param("field"));
         if (req.Query("purge") == std::optional<std::string_view>("true")) {
           PEONY_CHECK(ctx.catalog->PurgeField(entity, field, ActorOf(rc, req)));
         } else {
           PEONY_TRY(auto f, ctx.catalog->SetFieldRetired(entity, field, true, ActorOf(rc, req)));
           (void)f;
         }
         return NoContent();
       }});
}

}  // namespace peony::http::api
