// Cards on the clinic pages, pure: sessions left per service in words, and which cards can pay for a
// session of a service (treatment entry) or an amount (the cashier's stored-value payments).
import type { ClinicCard } from '../../../api/clinic';

export const usable = (card: Pick<ClinicCard, 'status'>) => card.status === 'active';

/** The sessions left of `serviceId` on the card: a number, "unlimited", or null when the card has none. */
export function sessionsFor(card: Pick<ClinicCard, 'sessions_left'>, serviceId: number): number | 'unlimited' | null {
  const s = card.sessions_left.find((x) => x.service_id === serviceId);
  if (!s) return null;
  if (s.unlimited || s.sessions === null) return 'unlimited';
  return s.sessions;
}

/** Active cards with at least `sessions` sessions of the service left, fullest first. */
export function cardsForService(cards: readonly ClinicCard[], serviceId: number, sessions = 1): ClinicCard[] {
  const left = (c: ClinicCard) => {
    const n = sessionsFor(c, serviceId);
    return n === 'unlimited' ? Number.MAX_SAFE_INTEGER : (n ?? 0);
  };
  return cards.filter((c) => usable(c) && left(c) >= sessions).sort((a, b) => left(b) - left(a));
}

/** Active stored-value cards with money on them. */
export function storedValueCards(cards: readonly ClinicCard[]): ClinicCard[] {
  return cards.filter((c) => usable(c) && c.kind === 'stored_value' && c.balance_fen + c.gift_balance_fen > 0);
}
