// Error codes of self-booking (public.*), the public booking page's and the mini program's API.
// Codes are stable. Bookings also answer the appointment.* codes of errors.h (slot_taken,
// unavailable, in_past).
//
//   public.not_found     404  no such branch, or self-booking is off for its organisation (or,
//                             for an API key, a branch outside the key's booking scope)
//   public.invalid       422  the request is malformed: details.fields {name: reason} (a phone
//                             that is no mainland mobile number, a date in the past or more than
//                             30 days ahead, a service the branch does not offer, …)
//   public.rate_limited  429  too many codes for this phone or from this address;
//                             details.retry_after_s, and the Retry-After header
//   public.bad_code      422  the one-time code is wrong, expired, used, or out of attempts
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string_view>

#include "common/result.h"

namespace peony::domain::appointments::public_errors {

inline Error NotFound() {
  return MakeError(ErrorKind::kNotFound, "public.not_found", "门店不存在或未开放在线预约",
                   "No such branch, or it takes no online bookings");
}
inline Error Invalid(boost::json::object fields) {
  return MakeError(ErrorKind::kInvalidArgument, "public.invalid", "请检查标出的内容",
                   "Please check the fields named")
      .WithDetails(boost::json::object{{"fields", std::move(fields)}})
      .WithStatus(422);
}
inline Error Invalid(std::string_view field, std::string_view reason) {
  return Invalid(boost::json::object{{field, reason}});
}
inline Error RateLimited(int64_t retry_after_s) {
  return MakeError(ErrorKind::kRateLimited, "public.rate_limited", "请求过于频繁，请稍后再试",
                   "Too many requests; please try again later")
      .WithDetails(boost::json::object{{"retry_after_s", retry_after_s}})
      .WithStatus(429);
}
inline Error BadCode() {
  return MakeError(ErrorKind::kInvalidArgument, "public.bad_code", "验证码错误或已失效，请重新获取",
                   "The code is wrong or no longer valid; please ask for a new one")
      .WithDetails(
          boost::json::object{{"fields", boost::json::object{{"code", "wrong or expired"}}}})
      .WithStatus(422);
}

}  // namespace peony::domain::appointments::public_errors
