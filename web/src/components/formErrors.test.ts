import type { FormInstance } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { setLanguage } from '../i18n';
import { applyFieldErrors } from './formErrors';

function fakeForm() {
  const setFields = vi.fn();
  return { form: { setFields } as unknown as FormInstance<unknown>, setFields };
}

const validation = (fields: Record<string, unknown>) =>
  new ApiError(422, 'request.validation', '提交的内容有误', { fields });

describe('applyFieldErrors', () => {
  afterEach(async () => {
    await setLanguage('zh-CN');
  });

  it('puts plain messages on the form fields it knows, ignoring others', () => {
    const { form, setFields } = fakeForm();
    expect(applyFieldErrors(form, validation({ password: '密码太弱', other: 'x' }), ['password'])).toBe(true);
    expect(setFields).toHaveBeenCalledWith([{ name: 'password', errors: ['密码太弱'] }]);
  });

  it("picks the UI language's message when the server sends one per language", async () => {
    const byLanguage = { display_name: { zh: '姓名不能为空', en: 'The name is required' } };
    const { form, setFields } = fakeForm();
    applyFieldErrors(form, validation(byLanguage), ['display_name']);
    expect(setFields).toHaveBeenLastCalledWith([{ name: 'display_name', errors: ['姓名不能为空'] }]);
    await setLanguage('en-US');
    applyFieldErrors(form, validation(byLanguage), ['display_name']);
    expect(setFields).toHaveBeenLastCalledWith([{ name: 'display_name', errors: ['The name is required'] }]);
  });

  it('reports false when nothing matched', () => {
    const { form } = fakeForm();
    expect(applyFieldErrors(form, validation({ other: 'x' }), ['password'])).toBe(false);
    expect(applyFieldErrors(form, new Error('boom'), ['password'])).toBe(false);
  });
});
