// The demo clinic's scheduling: what each service needs (skill, room type, buffers, equipment,
// a second practitioner for surgery), rooms and equipment per branch, opening hours 10:00-21:00
// every day, weekly rosters for the doctors, nurses and technicians (early and late shifts with a
// break), and one day of leave, so that booking works right after `peony init --demo`.
#pragma once

#include "common/result.h"
#include "domain/demo/internal.h"
#include "platform/records/records.h"
#include "storage/db.h"

namespace peony::domain::demo::internal {

// After WriteStaffAndMenu, in the caller's transaction. Entities the catalog lacks (room,
// equipment) are skipped. Errors: those of the records engine.
Status WriteScheduling(storage::Conn& c, Writer& w, records::Records& records,
                       const Clinic& clinic);

}  // namespace peony::domain::demo::internal
