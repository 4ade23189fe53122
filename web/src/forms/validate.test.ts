import { describe, expect, it } from 'vitest';
import { idCardCheckCharacter, idCardProblem, isEmail, normalisePhone, validateValue } from './validate';
import { field } from './testFields';

describe('phone numbers as the server reads them', () => {
  it('normalises mobile numbers with country codes and separators', () => {
    expect(normalisePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalisePhone('008613812345678')).toBe('13812345678');
    expect(normalisePhone('１３８１２３４５６７８')).toBe('13812345678');
  });

  it('refuses short numbers, letters and landlines unless allowed', () => {
    expect(normalisePhone('1381234567')).toBeNull();
    expect(normalisePhone('12812345678')).toBeNull();
    expect(normalisePhone('138x1234567')).toBeNull();
    expect(normalisePhone('010-12345678')).toBeNull();
    expect(normalisePhone('010-12345678', true)).toBe('010-12345678');
    expect(normalisePhone('(0755) 1234 5678', true)).toBe('0755-12345678');
    expect(normalisePhone('011-12345678', true)).toBeNull();
  });
});

describe('ID card numbers (GB 11643)', () => {
  it('computes the check character', () => {
    expect(idCardCheckCharacter('11010519491231002')).toBe('X');
  });

  it('accepts a valid number (lower-case x too) and names what is wrong otherwise', () => {
    expect(idCardProblem('11010519491231002X')).toBeNull();
    expect(idCardProblem('11010519491231002x')).toBeNull();
    expect(idCardProblem('1101051949123100')).toBe('idCard');
    expect(idCardProblem('99010519491231002X')).toBe('idCardRegion');
    expect(idCardProblem('110105194902310021')).toBe('idCardBirth');
    expect(idCardProblem('110105194912310021')).toBe('idCardCheck');
  });
});

describe('e-mail', () => {
  it('wants one @, a dot-atom local part and a domain with a letter top-level label', () => {
    expect(isEmail('li.na@example.cn')).toBe(true);
    expect(isEmail('li..na@example.cn')).toBe(false);
    expect(isEmail('li@localhost')).toBe(false);
    expect(isEmail('li@example.123')).toBe(false);
  });
});

describe('validateValue', () => {
  it('requires required fields, including empty lists and blank text', () => {
    const f = field('n', 'text', { required: true });
    expect(validateValue(f, '  ')?.key).toBe('required');
    expect(validateValue({ ...f, type: 'multi_select' }, [])?.key).toBe('required');
    expect(validateValue(field('n', 'text'), '')).toBeNull();
  });

  it('checks formats by type', () => {
    expect(validateValue(field('p', 'phone'), '123')?.key).toBe('phone');
    expect(validateValue(field('p', 'phone', { options: { allow_landline: true } }), '123')?.key).toBe('phoneOrLandline');
    expect(validateValue(field('e', 'email'), 'a@b')?.key).toBe('email');
    expect(validateValue(field('i', 'id_card'), '110105194912310021')?.key).toBe('idCardCheck');
    expect(validateValue(field('j', 'json'), '[1')?.key).toBe('json');
    expect(validateValue(field('j', 'json'), '"text"')?.key).toBe('json');
  });

  it('checks length and the whole-text pattern, with the field’s own message', () => {
    const f = field('code', 'text', { options: { min_length: 2, max_length: 4, pattern: '[A-Z]+', pattern_message: '大写字母' } });
    expect(validateValue(f, 'A')).toEqual({ key: 'tooShort', values: { min: 2 } });
    expect(validateValue(f, 'ABCDE')).toEqual({ key: 'tooLong', values: { max: 4 } });
    expect(validateValue(f, 'AB1')).toEqual({ key: 'pattern', text: '大写字母' });
    expect(validateValue(f, 'ABC')).toBeNull();
  });

  it('checks ranges, money limits being in fen while the form shows yuan', () => {
    const n = field('n', 'integer', { options: { min: 1, max: 5 } });
    expect(validateValue(n, 0)).toEqual({ key: 'min', values: { min: 1 } });
    expect(validateValue(n, 6)).toEqual({ key: 'max', values: { max: 5 } });
    expect(validateValue(n, 2.5)?.key).toBe('integer');
    const m = field('m', 'money', { options: { max: 10000 } });
    expect(validateValue(m, 100)).toBeNull();
    expect(validateValue(m, 100.01)).toEqual({ key: 'max', values: { max: 100 } });
    expect(validateValue(m, 1.005)?.key).toBe('cents');
  });
});
