/**
 * @skiff/api: the single source of truth for every kind Skiff serves.
 * Schemas (TypeBox) → TS types, registry entries (GVK, plural, scope, short names, Table
 * columns), defaulting, validation with field paths, quantities, selectors and Status errors.
 */
export * from './meta.ts';
export * from './status.ts';
export * from './resource-type.ts';
