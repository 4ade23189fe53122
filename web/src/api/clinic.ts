// The clinic's own endpoints (issue 6): the customer 360 summary and value, timeline and photos, lead
// conversion, orders at the cashier, treatments with card deduction, and follow-ups. Shapes written from
// the API contracts until the OpenAPI document describes them. Money is integer fen everywhere.
import { request } from './client';
import type { RecordRow } from './records';
import type { Page } from './types';

// ---------------------------------------------------------------- cards (as the cards service shows them)

export interface SessionsLeft {
  service_id: number;
  /** Sessions left; null when unlimited (time cards). */
  sessions: number | null;
  total: number | null;
  unlimited: boolean;
}

export type CardKind = 'count' | 'package' | 'stored_value' | 'time';

export interface ClinicCard {
  id: number;
  card_no: string;
  customer_id: number;
  branch_id: number | null;
  kind: CardKind;
  /** active | frozen | used_up | expired | refunded | transferred */
  status: string;
  valid_until: string | null;
  balance_fen: number;
  gift_balance_fen: number;
  discount_pct: number;
  sessions_left: SessionsLeft[];
  version: number;
}

/** The customer's cards without ledgers, newest first (GET /cards?customer_id=). */
export const customerCards = (customerId: number) =>
  request<{ items: ClinicCard[] }>('GET', '/cards', { query: { customer_id: customerId } });

// ---------------------------------------------------------------- customers

export type Activity = 'active' | 'dormant' | 'churned';

export interface NextVisit {
  service_id: number;
  name: string;
  predicted_on: string;
  basis: 'own' | 'population';
}

export interface CustomerValue {
  total_spend_fen: number;
  visits: number;
  first_visit: string | null;
  last_visit: string | null;
  avg_interval_days: number | null;
  rfm: { r: number; f: number; m: number; segment: string };
  activity: Activity;
  ltv_fen: number;
  churn_risk: boolean;
  next_visits: NextVisit[];
}

export interface NamedRef {
  id: number;
  name: string;
}

export interface Relationships {
  referrer: NamedRef | null;
  referred: NamedRef[];
  relations: { id: number; kind: string; customer: NamedRef }[];
}

export interface CustomerSummary {
  customer: RecordRow;
  value: CustomerValue;
  cards: ClinicCard[];
  treatments: RecordRow[];
  follow_ups: RecordRow[];
  relationships: Relationships;
}

export interface TimelineItem {
  id: number;
  at: string;
  kind: 'create' | 'update' | 'delete' | 'restore';
  entity: string;
  entity_label: string;
  record_id: number;
  actor_id: number | null;
  actor_name: string | null;
  changes: Record<string, { old?: unknown; new?: unknown; changed?: boolean }>;
}

export interface PhotoSet {
  kind?: 'treatment' | 'diagnosis';
  treatment_id: number | null;
  service: string | null;
  treated_at: string | null;
  before: string[];
  after: string[];
}

/** 404 customer.not_found (also for a customer outside the caller's branch). */
export const customerSummary = (id: number) => request<CustomerSummary>('GET', `/customers/${id}/summary`);

export const customerTimeline = (id: number, cursor?: string | null) =>
  request<Page<TimelineItem>>('GET', `/customers/${id}/timeline`, { query: { limit: 50, cursor } });

/** Before/after pairs per treatment, newest first. */
export const customerPhotos = (id: number) => request<{ items: PhotoSet[] }>('GET', `/customers/${id}/photos`);

// ---------------------------------------------------------------- leads

export interface ConvertReply {
  customer_id: number;
  created: boolean;
  lead: RecordRow;
}

/** 404 lead.not_found; 409 lead.already_converted. */
export const convertLead = (id: number) => request<ConvertReply>('POST', `/leads/${id}/convert`);

// ---------------------------------------------------------------- orders

export type LineKind = 'service' | 'product' | 'card' | 'package';
export type PaymentMethod = 'cash' | 'wechat' | 'alipay' | 'bank_card' | 'stored_value';

export interface StaffShare {
  user_id: number;
  share_pct: number;
}

export interface NewOrderLine {
  kind: LineKind;
  item_id: number;
  quantity?: number;
  unit_price_fen?: number;
  discount_fen?: number;
  staff?: StaffShare[];
}

export interface NewPayment {
  method: PaymentMethod;
  amount_fen: number;
  card_id?: number;
}

export interface NewOrder {
  customer_id: number;
  branch_id?: number;
  consultant_id?: number;
  contract_no?: string;
  note?: string;
  discount_fen?: number;
  coupon?: { code: string; amount_fen: number };
  lines: NewOrderLine[];
  payments: NewPayment[];
}

export interface OrderLine {
  id: number;
  kind: LineKind;
  item_id: number;
  name: string;
  quantity: number;
  unit_price_fen: number;
  discount_fen: number;
  amount_fen: number;
  card_id?: number | null;
  staff: StaffShare[];
}

export interface OrderPayment {
  id: number;
  method: PaymentMethod;
  amount_fen: number;
  kind: 'payment' | 'refund';
  card_id?: number | null;
  paid_at: string;
}

export interface Order {
  id: number;
  order_no: string;
  customer_id: number;
  branch_id: number | null;
  status: 'paid' | 'partial' | 'open';
  total_fen: number;
  discount_fen: number;
  paid_fen: number;
  arrears_fen: number;
  refunded_fen: number;
  contract_no: string | null;
  lines: OrderLine[];
  payments: OrderPayment[];
}

const idempotent = (key: string) => ({ 'Idempotency-Key': key });

/** 201 the order. 422 order.invalid / order.unknown_item / order.payments_exceed_total / order.shares_not_100;
 *  404 order.customer_not_found; card.* (409) from a stored-value payment. Same key → same answer. */
export const createOrder = (body: NewOrder, key: string) =>
  request<Order>('POST', '/orders', { body, headers: idempotent(key) });

// ---------------------------------------------------------------- treatments

export interface Consumable {
  product_id?: number;
  name: string;
  lot_no: string;
  quantity: number;
}

export interface NewTreatment {
  customer_id: number;
  service_id: number;
  card_id?: number;
  sessions?: number;
  /** Blob id of the signature; required with card_id (422 treatment.signature_required). */
  signature?: string;
  practitioner_id?: number;
  nurse_id?: number;
  consultant_id?: number;
  treated_at?: string;
  status?: 'completed' | 'in_progress' | 'planned';
  consumables?: Consumable[];
  reaction?: string;
  note?: string;
  before_photos?: string[];
  after_photos?: string[];
  next_session_on?: string;
}

export interface TreatmentReply {
  treatment: RecordRow;
  card: ClinicCard | null;
  entry: Record<string, unknown> | null;
}

/** 201; card.insufficient_sessions / card.frozen / card.expired / card.wrong_customer (409) write nothing. */
export const createTreatment = (body: NewTreatment, key: string) =>
  request<TreatmentReply>('POST', '/treatments', { body, headers: idempotent(key) });

// ---------------------------------------------------------------- follow-ups

export type FollowUpStatus = 'pending' | 'done' | 'unreachable';

export interface FollowUp extends RecordRow {
  customer_name: string;
}

export interface CompleteFollowUp {
  status: 'done' | 'unreachable';
  outcome: string;
  /** 1-5; sent with "done" (422 for anything else). */
  satisfaction?: number;
  photos?: string[];
}

/** `done` lists the done and the unreachable ones. */
export const myFollowUps = (status: 'pending' | 'done' | 'all', dueBefore?: string) =>
  request<{ items: FollowUp[] }>('GET', '/me/follow-ups', { query: { status, due_before: dueBefore } });

/** 404 follow_up.not_found; 422 for a satisfaction outside 1-5. */
export const completeFollowUp = (id: number, body: CompleteFollowUp) =>
  request<RecordRow>('POST', `/follow-ups/${id}/complete`, { body });
