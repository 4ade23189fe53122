import { describe, expect, it } from 'vitest';
import { insertVariable, unknownVariables, usedVariables } from './template';

describe('variable insertion', () => {
  it('puts the variable at the cursor and moves the cursor after it', () => {
    expect(insertVariable('亲爱的，生日快乐', 3, 3, '姓名')).toEqual({ text: '亲爱的{姓名}，生日快乐', cursor: 7 });
  });

  it('replaces the selected text', () => {
    expect(insertVariable('您好 XX，', 3, 5, '客户姓名')).toEqual({ text: '您好 {客户姓名}，', cursor: 9 });
  });

  it('appends when the editor has no cursor yet', () => {
    expect(insertVariable('您好', undefined, undefined, 'today')).toEqual({ text: '您好{today}', cursor: 9 });
    expect(insertVariable('您好', 99, 99, 'now').text).toBe('您好{now}');
  });

  it('finds the variables used, once each, and the unknown ones', () => {
    const template = '{客户姓名}您好，{客户姓名}的{服务项目}于{today}到期，{不存在}';
    expect(usedVariables(template)).toEqual(['客户姓名', '服务项目', 'today', '不存在']);
    const variables = [
      { name: '客户姓名', path: 'customer.name', label: '客户 · 姓名' },
      { name: '服务项目', path: 'item', label: '服务项目' },
    ];
    expect(unknownVariables(template, variables)).toEqual(['不存在']);
    expect(unknownVariables('{customer.name}', variables)).toEqual([]);
  });
});
