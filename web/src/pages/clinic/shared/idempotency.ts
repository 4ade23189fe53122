// Idempotency keys for money and session endpoints: a new uuid per attempt, the same one when the same
// submission is sent again (a retry after a network error or a timeout), so the server answers it once.

/** A random RFC 4122 version-4 uuid. crypto.randomUUID exists only in secure contexts (https or
 *  localhost); a clinic's LAN server over plain http still has crypto.getRandomValues. */
export function newUuid(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface Attempt {
  /** The request body as sent (JSON), to recognise a retry of the same submission. */
  body: string;
  key: string;
}

/** The attempt for sending `body`: the previous one when the body is the same (a retry), else a new key. */
export function attemptFor(previous: Attempt | null, body: unknown, makeKey: () => string = newUuid): Attempt {
  const text = JSON.stringify(body);
  return previous && previous.body === text ? previous : { body: text, key: makeKey() };
}
