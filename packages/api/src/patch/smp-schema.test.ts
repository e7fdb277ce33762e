import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { fieldNode, itemsNode, patchMeta, resolveNode } from './smp-schema.ts';
import { applyStrategicMergePatch } from './strategic.ts';

const Item = Type.Object({ name: Type.String(), v: Type.Optional(Type.String()) }, { $id: 'Item' });
const keyed = { 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' };

describe('schema lookup', () => {
  it('reads properties, records (patternProperties) and items', () => {
    const s = Type.Object({ m: Type.Record(Type.String(), Item), l: Type.Array(Item, keyed) });
    expect(fieldNode(fieldNode(s, 'm', {}), 'anything', {})?.$id).toBe('Item');
    expect(itemsNode(fieldNode(s, 'l', {}), {})?.$id).toBe('Item');
    expect(fieldNode(s, 'missing', {})).toBeUndefined();
  });

  it('unwraps nullable unions and follows $ref, keeping wrapper annotations', () => {
    const nullableList = Type.Union([Type.Array(Type.Ref('Item')), Type.Null()], keyed);
    const s = Type.Object({ l: nullableList });
    const node = fieldNode(s, 'l', { refs: { Item } });
    expect(patchMeta(node)).toEqual({ strategy: 'merge', retainKeys: false, mergeKey: 'name' });
    expect(itemsNode(node, { refs: { Item } })?.$id).toBe('Item');
    expect(resolveNode(Type.Ref('Nope'), {})).toBeUndefined();
  });

  it('patch strategies', () => {
    expect(patchMeta({ 'x-kubernetes-patch-strategy': 'merge,retainKeys' })).toEqual({ strategy: 'merge', retainKeys: true, mergeKey: '' });
    expect(patchMeta({ 'x-kubernetes-patch-strategy': 'retainKeys' })).toEqual({ strategy: '', retainKeys: true, mergeKey: '' });
    expect(patchMeta(undefined)).toEqual({ strategy: '', retainKeys: false, mergeKey: '' });
    expect(() => patchMeta({ 'x-kubernetes-patch-strategy': 'merge,replace' })).toThrow('unexpected patch strategy: [merge replace]');
  });

  it('merges through a $ref + union schema', () => {
    const s = Type.Object({ l: Type.Union([Type.Array(Type.Ref('Item')), Type.Null()], keyed) });
    const out = applyStrategicMergePatch({ l: [{ name: 'a', v: '1' }, { name: 'b' }] }, { l: [{ name: 'a', v: '2' }] }, s, { refs: { Item } });
    expect(out).toEqual({ l: [{ name: 'a', v: '2' }, { name: 'b' }] });
  });
});
