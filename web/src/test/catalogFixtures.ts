// Catalog replies shared by the form-engine page tests.
import type { Entity, FieldType } from '../api/schema';

const ops = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'is_empty', 'not_empty'];
const textOps = ['eq', 'ne', 'contains', 'starts_with', 'in', 'not_in', 'is_empty', 'not_empty'];
const type = (name: string, label: string, category: string, operators = textOps, computed = false): FieldType => ({
  name,
  label,
  category,
  operators,
  can_be_sensitive: ['text', 'phone'].includes(name),
  computed,
});

export const fieldTypes: FieldType[] = [
  type('text', '单行文本', 'basic'),
  type('integer', '整数', 'number', ops),
  type('money', '金额', 'number', ops),
  type('select', '下拉单选', 'choice', ['eq', 'ne', 'in', 'not_in', 'is_empty', 'not_empty']),
  type('phone', '电话', 'contact'),
  type('relation', '关联数据', 'relation', ['eq', 'ne', 'in', 'not_in', 'is_empty', 'not_empty']),
  type('sub_form', '子表单', 'relation', ['is_empty', 'not_empty']),
  type('formula', '计算公式', 'computed', ops, true),
  type('created_at', '创建时间', 'system', ops, true),
];

export const customerEntity: Entity = {
  name: 'kehu',
  label: '客户',
  version: 2,
  options: {},
  fields: [{ name: 'name', label: '姓名', type: 'text', required: true, unique: false, sensitive: false, options: {}, position: 1 }],
};

export const visitEntity: Entity = {
  name: 'visit',
  label: '回访记录',
  version: 5,
  options: {},
  referenced_by: [],
  fields: [
    { name: 'content', label: '回访内容', type: 'text', required: true, unique: false, sensitive: false, options: {}, position: 1 },
    { name: 'customer', label: '客户', type: 'relation', required: false, unique: false, sensitive: false, options: { target: 'kehu' }, position: 2 },
    { name: 'phone', label: '联系电话', type: 'phone', required: false, unique: false, sensitive: true, options: {}, position: 3 },
    { name: 'score', label: '评分', type: 'integer', required: false, unique: false, sensitive: false, options: { min: 1, max: 5 }, position: 4 },
    { name: 'total', label: '合计', type: 'formula', required: false, unique: false, sensitive: false, options: { expression: '{评分} * 2', result_type: 'number' }, position: 5 },
  ],
};

export const visitRecord = {
  id: 7,
  version: 3,
  created_at: '2026-03-01T02:00:00Z',
  updated_at: '2026-03-01T02:00:00Z',
  content: '术后回访',
  customer: 1,
  phone: '138****5678',
  score: 4,
  total: 8,
};

export const catalogRoutes = {
  'GET /api/v1/schema/field-types': { body: { items: fieldTypes } },
  'GET /api/v1/schema/entities': { body: { items: [customerEntity, visitEntity] } },
  'GET /api/v1/schema/entities/visit': { body: visitEntity },
  'GET /api/v1/schema/entities/kehu': { body: customerEntity },
  'GET /api/v1/data/kehu': { body: { items: [{ id: 1, version: 1, created_at: '', updated_at: '', name: '王丽华' }], next_cursor: null } },
};
