// The treatment entry's form values → the POST /treatments body, pure. Photos and the signature are
// uploaded files (references); the API takes their blob ids. A deduction needs the customer's signature.
import type { Consumable, NewTreatment } from '../../../api/clinic';
import { refsOf } from '../../../api/files';

export interface TreatmentValues {
  customer_id?: number | null;
  service_id?: number | null;
  card_id?: number | null;
  sessions?: number | null;
  practitioner_id?: number | null;
  nurse_id?: number | null;
  signature?: unknown;
  before_photos?: unknown;
  after_photos?: unknown;
  consumables?: ({ name?: string; lot_no?: string; quantity?: number | null } | undefined)[];
  reaction?: string;
  note?: string;
}

export type TreatmentProblem = 'customer' | 'service' | 'signature' | 'sessions';

export function treatmentProblems(v: TreatmentValues): TreatmentProblem[] {
  const out: TreatmentProblem[] = [];
  if (!v.customer_id) out.push('customer');
  if (!v.service_id) out.push('service');
  if (v.card_id && refsOf(v.signature).length === 0) out.push('signature');
  if (v.card_id && (!Number.isInteger(v.sessions ?? 1) || (v.sessions ?? 1) < 1)) out.push('sessions');
  return out;
}

const ids = (value: unknown) => refsOf(value).map((r) => r.id);

export function treatmentBody(v: TreatmentValues & { customer_id: number; service_id: number }): NewTreatment {
  const body: NewTreatment = { customer_id: v.customer_id, service_id: v.service_id, status: 'completed' };
  if (v.card_id) {
    body.card_id = v.card_id;
    body.sessions = v.sessions ?? 1;
  }
  const signature = ids(v.signature)[0];
  if (signature) body.signature = signature;
  if (v.practitioner_id) body.practitioner_id = v.practitioner_id;
  if (v.nurse_id) body.nurse_id = v.nurse_id;
  const before = ids(v.before_photos);
  const after = ids(v.after_photos);
  if (before.length > 0) body.before_photos = before;
  if (after.length > 0) body.after_photos = after;
  const consumables: Consumable[] = (v.consumables ?? [])
    .filter((c): c is { name: string; lot_no?: string; quantity?: number | null } => !!c && typeof c.name === 'string' && c.name.trim() !== '')
    .map((c) => ({ name: c.name.trim(), lot_no: (c.lot_no ?? '').trim(), quantity: c.quantity ?? 1 }));
  if (consumables.length > 0) body.consumables = consumables;
  if (v.reaction?.trim()) body.reaction = v.reaction.trim();
  if (v.note?.trim()) body.note = v.note.trim();
  return body;
}
