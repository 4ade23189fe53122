#include "platform/notify/channel.h"

#include <boost/json/value.hpp>

#include "platform/notify/adapters.h"

namespace peony::notify {
namespace {

using internal::ProviderSpec;

// Every provider, in the order the settings page lists them.
const std::vector<const ProviderSpec*>& Providers() {
  static const std::vector<const ProviderSpec*> kProviders = {
      &internal::AliyunSmsSpec(), &internal::TencentSmsSpec(), &internal::SmtpSpec(),
      &internal::WecomSpec(), &internal::WebhookSpec()};
  return kProviders;
}

const ProviderSpec* Find(std::string_view provider) {
  for (const ProviderSpec* spec : Providers()) {
    if (spec->provider == provider) return spec;
  }
  return nullptr;
}

Error UnknownProvider(std::string_view provider) {
  return MakeError(ErrorKind::kInvalidArgument, "notify.unknown_provider", "没有这个消息服务商",
                   "No such provider")
      .WithDetails(
          boost::json::object{{"provider", provider},
                              {"fields", boost::json::object{{"provider", "unknown provider"}}}})
      .WithStatus(422);
}

}  // namespace

std::string_view ChannelOf(std::string_view provider) {
  const ProviderSpec* spec = Find(provider);
  return spec == nullptr ? std::string_view() : spec->channel;
}

Result<std::unique_ptr<ChannelAdapter>> MakeAdapter(std::string_view provider,
                                                    const boost::json::object& config,
                                                    const Clock& clock) {
  const ProviderSpec* spec = Find(provider);
  if (spec == nullptr) return UnknownProvider(provider);
  PEONY_TRY(const internal::Config valid, internal::ValidateConfig(*spec, config));
  return spec->make(valid, clock);
}

boost::json::array DescribeProviders() {
  boost::json::array out;
  for (const ProviderSpec* spec : Providers()) {
    boost::json::array fields;
    for (const internal::FieldSpec& f : spec->fields) {
      boost::json::object field{{"name", f.name},
                                {"label", f.label_zh},
                                {"label_en", f.label_en},
                                {"secret", f.secret},
                                {"required", f.required}};
      field["default"] = f.default_value.empty() ? boost::json::value(nullptr)
                                                 : boost::json::value(f.default_value);
      if (!f.options.empty()) {
        boost::json::array options;
        std::string_view rest = f.options;
        while (!rest.empty()) {
          const size_t bar = rest.find('|');
          options.emplace_back(rest.substr(0, bar));
          if (bar == std::string_view::npos) break;
          rest.remove_prefix(bar + 1);
        }
        field["options"] = std::move(options);
      }
      fields.push_back(std::move(field));
    }
    out.push_back(boost::json::object{{"provider", spec->provider},
                                      {"channel", spec->channel},
                                      {"label", spec->label_zh},
                                      {"label_en", spec->label_en},
                                      {"fields", std::move(fields)}});
  }
  return out;
}

boost::json::object RedactConfig(std::string_view provider, const boost::json::object& config) {
  static constexpr std::string_view kMask = "********";
  const ProviderSpec* spec = Find(provider);
  boost::json::object out;
  for (const auto& [key, value] : config) {
    bool secret = spec == nullptr;  // unknown provider: nothing can be shown safely
    if (spec != nullptr) {
      for (const internal::FieldSpec& f : spec->fields) {
        if (f.name == key) secret = f.secret;
      }
      // A field the provider does not take (stored before a change): hidden as well.
      bool known = false;
      for (const internal::FieldSpec& f : spec->fields) known = known || f.name == key;
      secret = secret || !known;
    }
    const bool empty = value.is_null() || (value.is_string() && value.as_string().empty());
    out[key] = secret && !empty ? boost::json::value(kMask) : value;
  }
  return out;
}

}  // namespace peony::notify
