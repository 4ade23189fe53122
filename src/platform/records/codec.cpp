#include "platform/records/codec.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/strings.h"
#include "platform/records/errors.h"
#include "platform/records/field_access.h"
#include "platform/records/field_rules.h"
#include "storage/crypto/crypto.h"

namespace peony::records::internal {
namespace {

using schema::FieldDef;
using schema::FieldLayout;

constexpr std::string_view kSystemKeys[] = {"id",         "version",      "created_at",
                                            "updated_at", "created_by",   "updated_by",
                                            "deleted_at", "department_id"};
constexpr size_t kSystemSelected = 9;  // see SelectList

bool IsSystemKey(std::string_view k) {
  for (auto s : kSystemKeys) {
    if (s == k) return true;
  }
  return false;
}

std::string AssociatedData(const schema::EntityDef& e, const FieldDef& f) {
  return e.name + "." + f.name;
}

// The plain text of a stored value, for search and encryption.
std::string PlainText(const storage::Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return "";
}

bool Selected(const FieldDef& f) {
  const auto layout = schema::LayoutOf(f);
  return !f.retired && (layout == FieldLayout::kColumn || layout == FieldLayout::kSensitive);
}

Result<std::optional<int64_t>> OptionalId(const boost::json::value& v, const std::string& key) {
  if (v.is_null()) return std::optional<int64_t>();
  if (v.is_int64() && v.as_int64() > 0) return std::optional<int64_t>(v.as_int64());
  if (v.is_uint64() && v.as_uint64() < (1ull << 62)) {
    return std::optional<int64_t>(static_cast<int64_t>(v.as_uint64()));
  }
  return MakeError(ErrorKind::kInvalidArgument, "record.invalid_value", "请输入有效的编号",
                   "Expected a positive integer id")
      .WithDetails(boost::json::object{{"field", key}, {"fields", {{key, "positive integer"}}}})
      .WithStatus(422);
}

bool IsEmptyJson(const boost::json::value* v) {
  return !v || v->is_null() || (v->is_string() && v->as_string().empty()) ||
         (v->is_array() && v->as_array().empty());
}

// Whether `in` leaves the field's value `now` (null: none) as it is, compared in stored form.
bool Unchanged(const FieldDef& f, const schema::FieldType& type, const boost::json::value& in,
               const boost::json::value* now) {
  if (IsEmptyJson(&in) || IsEmptyJson(now)) return IsEmptyJson(&in) && IsEmptyJson(now);
  auto a = type.Normalize(f, in, {});
  auto b = type.Normalize(f, *now, {});
  if (!a.ok() || !b.ok() || a->index() != b->index()) return false;
  if (const auto* x = std::get_if<int64_t>(&*a)) return *x == std::get<int64_t>(*b);
  if (const auto* x = std::get_if<double>(&*a)) return *x == std::get<double>(*b);
  if (const auto* x = std::get_if<std::string>(&*a)) return *x == std::get<std::string>(*b);
  return std::holds_alternative<std::monostate>(*a);
}

// Checks the caller's field permissions and the editable_if rules for the keys of `input`, and
// returns the keys to treat as absent (on update, values sent back unchanged).
Result<std::set<std::string>> CheckWritable(const schema::EntityDef& e,
                                            const boost::json::object& input, bool create,
                                            const FieldAccess& access,
                                            const internal::FieldStates& states,
                                            const boost::json::object* current) {
  std::set<std::string> skip;
  for (const auto& [key, value] : input) {
    const FieldDef* f = e.FindField(key);
    if (!f || f->retired) continue;
    const schema::FieldType* type = schema::FindFieldType(*f);
    if (!type) continue;
    const FieldMode mode = access.Of(key);
    const bool locked = states.locked.count(f->name) > 0;
    if (mode == FieldMode::kWritable && !locked) continue;
    // A hidden field's stored value may not even be confirmed on update: that would reveal it.
    // On create `current` holds the defaults, which the caller may send back as they are.
    const bool may_confirm = create || mode != FieldMode::kHidden;
    const boost::json::value* now = current ? current->if_contains(key) : nullptr;
    if ((create && IsEmptyJson(&value)) || (may_confirm && Unchanged(*f, *type, value, now))) {
      if (!create) skip.insert(f->name);  // on update: leave the stored value alone
      continue;
    }
    return errors::ReadOnly(f->name);
  }
  return skip;
}

}  // namespace

Result<access::Scope> CheckAccess(const access::Principal& p, const std::string& entity,
                                  std::string_view action) {
  const std::string permission = "data." + entity + "." + std::string(action);
  const access::Scope scope = p.ScopeFor(permission);
  if (scope == access::Scope::kNone) return errors::Forbidden(permission);
  return scope;
}

void AppendScope(const access::Principal& p, access::Scope scope, std::string& sql,
                 storage::Params& params) {
  switch (scope) {
    case access::Scope::kAll:
      return;
    case access::Scope::kBranch:
      if (!p.branch_id) break;
      sql += " AND t.branch_id = ?";
      params.Add(*p.branch_id);
      return;
    case access::Scope::kDepartment:
      if (!p.department_id) break;
      sql += " AND t.department_id = ?";
      params.Add(*p.department_id);
      return;
    case access::Scope::kOwn:
      sql += " AND (t.owner_id = ? OR t.created_by = ?)";
      params.Add(p.user_id);
      params.Add(p.user_id);
      return;
    case access::Scope::kNone:
      break;
  }
  sql += " AND 1 = 0";  // a scope the caller has no anchor for sees nothing
}

std::string SelectList(const schema::EntityDef& e, std::string_view table) {
  std::string sql;
  for (const char* column : {"id", "version", "created_at", "updated_at", "created_by",
                             "updated_by", "owner_id", "branch_id", "department_id"}) {
    if (!sql.empty()) sql += ", ";
    sql.append(table).append(column);
  }
  for (const auto& f : e.fields) {
    if (Selected(f)) sql.append(", ").append(table).append("\"").append(f.column).append("\"");
  }
  return sql;
}

std::string Fold(std::string_view text) { return ToLower(text); }

std::set<std::string> Grams(std::string_view text) {
  // Split into code points, then emit every single code point and every adjacent pair.
  std::vector<std::string_view> cps;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    cps.push_back(text.substr(i, std::min(len, text.size() - i)));
    i += len;
  }
  std::set<std::string> out;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] == " " || cps[i] == "\n") continue;
    out.insert(Fold(cps[i]));
    if (i + 1 < cps.size() && cps[i + 1] != " " && cps[i + 1] != "\n") {
      out.insert(Fold(std::string(cps[i]) + std::string(cps[i + 1])));
    }
  }
  return out;
}

Result<Prepared> PrepareInput(const schema::EntityDef& e, const boost::json::object& input,
                              bool create, const storage::crypto::KeyRing& keys,
                              const schema::NormalizeContext& ctx, const FieldAccess& access,
                              const boost::json::object* current) {
  Prepared out;
  boost::json::object missing;
  for (const auto& [key, value] : input) {
    if (IsSystemKey(key)) continue;
    if (key == "owner_id" || key == "branch_id") {
      PEONY_TRY(auto id, OptionalId(value, std::string(key)));
      (key == "owner_id" ? out.owner_id : out.branch_id) = id;
      continue;
    }
    const FieldDef* f = e.FindField(key);
    if (!f || f->retired) return errors::UnknownField(std::string(key));
    const schema::FieldType* type = schema::FindFieldType(*f);
    if (!type) return InternalError("field type missing: " + f->type);
    if (type->computed()) return errors::ReadOnly(f->name);
  }
  // Field rules see the record as it will be saved: the stored values overlaid with the input.
  const bool has_rules = std::any_of(e.fields.begin(), e.fields.end(), [](const FieldDef& f) {
    return f.options.contains("visible_if") || f.options.contains("editable_if");
  });
  boost::json::object merged;
  if (has_rules) {
    if (current) merged = *current;
    for (const auto& [key, value] : input) {
      if (!IsSystemKey(key)) merged[key] = value;
    }
  }
  // An update without the stored record (an up-front check) cannot evaluate rules; each
  // record's own write does.
  const internal::FieldStates states = has_rules && (create || current)
                                           ? internal::EvaluateFieldRules(e, merged)
                                           : internal::FieldStates{};
  PEONY_TRY(auto skip, CheckWritable(e, input, create, access, states, current));
  for (const auto& f : e.fields) {
    if (f.retired) continue;
    const schema::FieldType* type = schema::FindFieldType(f);
    if (!type || type->computed()) continue;
    const bool invisible = states.invisible.count(f.name) > 0;
    const auto it = skip.count(f.name) > 0 ? input.end() : input.find(f.name);
    const bool absent = it == input.end();
    const bool empty = absent || invisible || IsEmptyJson(&it->value());
    // Not required: fields hidden by visible_if, and on create those the caller may not write.
    const bool required = f.required && !invisible && (!create || access.Writable(f.name));
    if (empty) {
      if (required && (create || !absent)) missing[f.name] = "required";
      // An invisible field is cleared on save when it holds or is given a value.
      const bool clears_invisible =
          invisible && (!absent || (current && !IsEmptyJson(current->if_contains(f.name))));
      if (absent && !clears_invisible) continue;
    }
    out.fields.push_back(f.name);
    const auto layout = schema::LayoutOf(f);
    // Clears the field: an empty input, or one that normalises to no value ("  ", blank rows).
    auto clear = [&] {
      if (required) missing[f.name] = "required";
      if (layout == FieldLayout::kColumn) out.columns.emplace_back(f.column, storage::Value{});
      if (layout == FieldLayout::kSensitive) {
        out.columns.emplace_back(f.column, storage::Value{});
        out.columns.emplace_back("b_" + f.name, storage::Value{});
      }
      if (layout == FieldLayout::kValueTable) out.multi_values[f.name] = {};
      if (layout == FieldLayout::kRowTable) out.sub_rows[f.name] = {};
      if (schema::IsSearchable(f)) out.search_values[f.name] = "";
    };
    if (empty) {
      clear();
      continue;
    }
    PEONY_TRY(auto stored, type->Normalize(f, it->value(), ctx));
    if (std::holds_alternative<std::monostate>(stored)) {
      clear();
      continue;
    }
    switch (layout) {
      case FieldLayout::kColumn:
        if (schema::IsSearchable(f)) out.search_values[f.name] = PlainText(stored);
        out.columns.emplace_back(f.column, std::move(stored));
        break;
      case FieldLayout::kSensitive: {
        const std::string plain = PlainText(stored);
        PEONY_TRY(auto sealed, storage::crypto::Encrypt(keys, plain, AssociatedData(e, f)));
        out.columns.emplace_back(f.column, storage::crypto::Base64UrlEncode(sealed));
        out.columns.emplace_back("b_" + f.name,
                                 storage::crypto::BlindIndex(keys, AssociatedData(e, f), plain));
        break;
      }
      case FieldLayout::kValueTable: {
        // The type returns the canonical JSON array text of the values.
        boost::system::error_code ec;
        auto arr = boost::json::parse(PlainText(stored), ec);
        std::vector<std::string> values;
        if (!ec && arr.is_array()) {
          for (const auto& v : arr.as_array()) {
            if (v.is_string()) values.emplace_back(v.as_string());
          }
        }
        out.multi_values[f.name] = std::move(values);
        break;
      }
      case FieldLayout::kRowTable: {
        boost::system::error_code ec;
        auto arr = boost::json::parse(PlainText(stored), ec);
        std::vector<boost::json::object> rows;
        if (!ec && arr.is_array()) {
          for (const auto& v : arr.as_array()) {
            if (v.is_object()) rows.push_back(v.as_object());
          }
        }
        out.sub_rows[f.name] = std::move(rows);
        break;
      }
      case FieldLayout::kVirtual:
        break;
    }
  }
  if (!missing.empty()) return errors::Required(std::move(missing));
  return out;
}

RowDecoder::RowDecoder(const schema::EntityDef& e) {
  for (const auto& f : e.fields) {
    if (!Selected(f)) continue;
    const bool sensitive = schema::LayoutOf(f) == FieldLayout::kSensitive;
    columns_.push_back(Column{&f, schema::FindFieldType(f), sensitive, schema::IsSearchable(f),
                              sensitive ? AssociatedData(e, f) : ""});
  }
  shape_.reserve(kSystemSelected - 1 + columns_.size());
  for (const char* key : {"id", "version", "created_at", "updated_at", "created_by", "updated_by",
                          "owner_id", "branch_id"}) {
    shape_.emplace(key, nullptr);
  }
  for (const Column& c : columns_) {
    if (c.type) shape_.emplace(c.field->name, nullptr);
  }
}

boost::json::object RowDecoder::ToJson(const storage::Rows& rows, size_t i,
                                       const storage::crypto::KeyRing& keys, bool unmask,
                                       std::set<std::string>* revealed,
                                       std::map<std::string, std::string>* plain_search,
                                       boost::json::storage_ptr sp) const {
  boost::json::object o(shape_, std::move(sp));
  boost::json::key_value_pair* slot = o.begin();  // filled in the order of shape_
  auto next = [&]() -> boost::json::value& { return (slot++)->value(); };
  auto opt = [&](size_t col) {
    return rows.IsNull(i, col) ? boost::json::value(nullptr) : boost::json::value(rows.Int(i, col));
  };
  next() = rows.Int(i, 0);
  next() = rows.Int(i, 1);
  next() = boost::json::string_view(FormatRfc3339(rows.Int(i, 2)));
  next() = boost::json::string_view(FormatRfc3339(rows.Int(i, 3)));
  next() = opt(4);
  next() = opt(5);
  next() = opt(6);
  next() = opt(7);
  size_t col = kSystemSelected;
  for (const Column& c : columns_) {
    const FieldDef& f = *c.field;
    const storage::Value& v = rows.At(i, col++);
    if (!c.type) continue;
    boost::json::value& out = next();
    if (!c.sensitive) {
      out = c.type->ToJson(f, v);
      if (plain_search && c.searchable) (*plain_search)[f.name] = PlainText(v);
      continue;
    }
    const auto* text = std::get_if<std::string>(&v);
    if (!text) continue;  // stays null
    auto sealed = storage::crypto::Base64UrlDecode(*text);
    auto plain = sealed ? storage::crypto::Decrypt(keys, *sealed, c.associated_data)
                        : Result<std::string>(InternalError("bad ciphertext encoding"));
    if (!plain.ok()) continue;  // stays null; logged by Decrypt; never answer ciphertext
    if (unmask) {
      out = c.type->ToJson(f, storage::Value{*plain});
      if (revealed) revealed->insert(f.name);
    } else {
      out = c.type->Mask(*plain);
    }
  }
  return o;
}

boost::json::object RowToJson(const schema::EntityDef& e, const storage::Rows& rows, size_t i,
                              const storage::crypto::KeyRing& keys, bool unmask,
                              std::set<std::string>* revealed,
                              std::map<std::string, std::string>* plain_search,
                              boost::json::storage_ptr sp) {
  return RowDecoder(e).ToJson(rows, i, keys, unmask, revealed, plain_search, std::move(sp));
}

}  // namespace peony::records::internal
