// Field definitions shared by the unit tests of the form logic.
import type { Entity, Field, FieldType } from '../api/schema';

export function field(name: string, type: string, more: Partial<Field> = {}): Field {
  return { name, label: name, type, required: false, unique: false, sensitive: false, options: {}, ...more };
}

export const customer: Entity = {
  name: 'kehu',
  label: '客户',
  version: 2,
  options: {},
  fields: [field('name', 'text', { label: '姓名', required: true }), field('phone', 'phone', { sensitive: true })],
};

export const visit: Entity = {
  name: 'visit',
  label: '回访记录',
  version: 3,
  options: {},
  fields: [
    field('customer', 'relation', { label: '客户', options: { target: 'kehu' } }),
    field('score', 'integer', { label: '评分' }),
    field('fee', 'money', { label: '费用' }),
    field('mood', 'select', { label: '满意度', options: { choices: [{ key: 'good', label: '满意' }] } }),
    field('items', 'sub_form', { label: '明细', options: { fields: [{ name: 'amount', label: '金额', type: 'money' }] } }),
    field('old', 'text', { retired: true }),
    field('total', 'formula', { options: { expression: '1', result_type: 'number' } }),
  ],
};

const text = ['eq', 'ne', 'contains', 'starts_with', 'in', 'not_in', 'is_empty', 'not_empty'];
const numeric = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'is_empty', 'not_empty'];
export const types: FieldType[] = [
  { name: 'text', label: '单行文本', category: 'basic', operators: text, can_be_sensitive: true, computed: false },
  { name: 'phone', label: '电话', category: 'contact', operators: text, can_be_sensitive: true, computed: false },
  { name: 'integer', label: '整数', category: 'number', operators: numeric, can_be_sensitive: false, computed: false },
  { name: 'money', label: '金额', category: 'number', operators: numeric, can_be_sensitive: false, computed: false },
  { name: 'switch', label: '开关', category: 'choice', operators: ['eq', 'ne'], can_be_sensitive: false, computed: false },
  { name: 'formula', label: '公式', category: 'computed', operators: numeric, can_be_sensitive: false, computed: true },
  { name: 'created_at', label: '创建时间', category: 'system', operators: numeric, can_be_sensitive: false, computed: true },
];
