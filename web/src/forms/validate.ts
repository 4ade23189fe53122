// Client-side checks of a record's values that mirror the server's field types (src/platform/schema/types):
// required, mainland phone numbers, e-mail, GB 11643 ID-card numbers, text length and pattern, numeric
// min/max. The server checks again; this only saves a round trip. Each check answers a message key under
// records:validation (with its values) or null.
import type { Field } from '../api/schema';
import { inputKind } from './fieldKinds';

export interface Problem {
  key:
    | 'required'
    | 'phone'
    | 'phoneOrLandline'
    | 'email'
    | 'idCard'
    | 'idCardRegion'
    | 'idCardBirth'
    | 'idCardCheck'
    | 'tooShort'
    | 'tooLong'
    | 'pattern'
    | 'min'
    | 'max'
    | 'integer'
    | 'cents'
    | 'json';
  values?: Record<string, string | number>;
  /** options.pattern_message, shown instead of the generic pattern message. */
  text?: string;
}

const halfWidth = (s: string) =>
  s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');

/** The 11 digits of a mainland mobile number ("+86 138-1234-5678" → "13812345678"), or null. */
export function normalisePhone(input: string, allowLandline = false): string | null {
  let digits = '';
  let plus = false;
  for (const c of halfWidth(input)) {
    if (c >= '0' && c <= '9') digits += c;
    else if (c === '+' && digits === '' && !plus) plus = true;
    else if (!' -().'.includes(c)) return null;
  }
  if (plus) {
    if (!digits.startsWith('86')) return null;
    digits = digits.slice(2);
  } else if (digits.startsWith('0086')) {
    digits = digits.slice(4);
  } else if (digits.length === 13 && digits.startsWith('861')) {
    digits = digits.slice(2);
  }
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  if (!allowLandline) return null;
  if (digits.length === 10 && /^(400|800)/.test(digits)) return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  if (digits.length < 10 || digits.length > 12 || digits[0] !== '0' || digits[1] === '0') return null;
  const area = digits[1] === '1' || digits[1] === '2' ? 3 : 4;
  const subscriber = digits.length - area;
  if (subscriber < 7 || subscriber > 8 || (area === 3 && subscriber !== 8) || digits[area] === '0') return null;
  if (area === 3 && digits[1] === '1' && digits[2] !== '0') return null;
  return `${digits.slice(0, area)}-${digits.slice(area)}`;
}

const emailPattern =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

export function isEmail(input: string): boolean {
  const s = input.trim();
  if (s.length > 254 || !emailPattern.test(s)) return false;
  const [local, domain] = [s.slice(0, s.lastIndexOf('@')), s.slice(s.lastIndexOf('@') + 1)];
  return local.length <= 64 && domain.split('.').every((label) => label.length <= 63);
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idChecks = '10X98765432';
const provinces = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62,
  63, 64, 65, 71, 81, 82, 83,
]);

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idCardCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * idWeights[i];
  return idChecks[sum % 11];
}

/** Null when `input` is a valid 18-character ID-card number; else what is wrong, in the server's order. */
export function idCardProblem(input: string): Problem['key'] | null {
  const id = halfWidth(input).replace(/ /g, '').replace(/x$/, 'X');
  if (!/^\d{17}[\dX]$/.test(id)) return 'idCard';
  if (!provinces.has(Number(id.slice(0, 2)))) return 'idCardRegion';
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2100 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return 'idCardBirth';
  if (idCardCheckCharacter(id) !== id[17]) return 'idCardCheck';
  return null;
}

function isEmptyValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

function numberOption(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Checks one value of `field` as typed in the form (money in yuan, as the form shows it). */
export function validateValue(field: Field, value: unknown): Problem | null {
  if (isEmptyValue(value)) return field.required ? { key: 'required' } : null;
  const o = field.options;
  if (typeof value === 'string') {
    const text = value.trim();
    if (field.type === 'phone') {
      if (normalisePhone(text, o.allow_landline === true) === null) {
        return { key: o.allow_landline ? 'phoneOrLandline' : 'phone' };
      }
      return null;
    }
    if (field.type === 'email') return isEmail(text) ? null : { key: 'email' };
    if (field.type === 'id_card') {
      const key = idCardProblem(text);
      return key ? { key } : null;
    }
    if (field.type === 'json') {
      try {
        const parsed: unknown = JSON.parse(text);
        return typeof parsed === 'object' && parsed !== null ? null : { key: 'json' };
      } catch {
        return { key: 'json' };
      }
    }
    const length = [...text].length;
    if (o.min_length !== undefined && length < o.min_length) return { key: 'tooShort', values: { min: o.min_length } };
    if (o.max_length !== undefined && length > o.max_length) return { key: 'tooLong', values: { max: o.max_length } };
    if (typeof o.pattern === 'string' && field.type !== 'serial') {
      let matches = true;
      try {
        // The server matches the whole text (std::regex_match).
        matches = new RegExp(`^(?:${o.pattern})$`, 'u').test(text);
      } catch {
        matches = true; // A pattern JavaScript cannot read: leave the check to the server.
      }
      if (!matches) return { key: 'pattern', text: o.pattern_message || undefined };
    }
    return null;
  }
  if (typeof value === 'number') {
    const kind = inputKind(field.type);
    if (kind === 'integer' && !Number.isInteger(value)) return { key: 'integer' };
    // Money is kept in whole fen: at most two decimals of yuan.
    if (kind === 'money' && Math.abs(value * 100 - Math.round(value * 100)) > 1e-6) return { key: 'cents' };
    // Money limits are in fen; the form shows yuan.
    const scale = kind === 'money' ? 100 : 1;
    const min = numberOption(o.min);
    const max = numberOption(o.max);
    if (min !== undefined && value * scale < min) return { key: 'min', values: { min: min / scale } };
    if (max !== undefined && value * scale > max) return { key: 'max', values: { max: max / scale } };
  }
  return null;
}
