// How the clinic pages search customers: a whole mobile number looks the phone up exactly (phones are
// sensitive: stored encrypted with a blind index, so only equality finds them); anything else searches
// the searchable text fields (the name) with the list's q.
import type { ListQuery } from '../../../api/records';

const mobile = /^1\d{10}$/;

export function customerQuery(text: string, limit = 20): ListQuery {
  const q = text.replace(/[\s-]/g, '');
  if (mobile.test(q)) return { filter: { field: 'phone', op: 'eq', value: q }, limit };
  return { q: text.trim() || undefined, sort: '-updated_at', limit };
}
