import { describe, expect, it } from 'vitest';
import {
  addQuantities,
  compareQuantities,
  formatQuantity,
  isValidQuantity,
  parseQuantity,
  Quantity,
  quantityError,
  quantityFromMilli,
} from './quantity.ts';
import { StatusError } from './status.ts';

const FORMAT_ERR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

describe('parse + canonical form', () => {
  it.each([
    ['0', '0', 0],
    ['500m', '500m', 500],
    ['1000m', '1', 1000],
    ['1500m', '1500m', 1500],
    ['0.5', '500m', 500],
    ['.5', '500m', 500],
    ['2', '2', 2000],
    ['2000', '2k', 2_000_000],
    ['1500', '1500', 1_500_000],
    ['1e3', '1e3', 1_000_000],
    ['1.5e3', '1500', 1_500_000],
    ['1E3', '1e3', 1_000_000],
    ['1k', '1k', 1_000_000],
    ['100M', '100M', 100_000_000_000],
    ['1G', '1G', 1e12],
    ['1Ki', '1Ki', 1_024_000],
    ['1.5Ki', '1536', 1_536_000],
    ['1536Mi', '1536Mi', 1536 * 1024 * 1024 * 1000],
    ['1024Mi', '1Gi', 1024 ** 3 * 1000],
    ['0.5Ki', '512', 512_000],
    ['1Gi', '1Gi', 1024 ** 3 * 1000],
    ['100n', '100n', 1],
    ['1u', '1u', 1],
    ['-1', '-1', -1000],
    ['+5', '5', 5000],
    ['007', '7', 7000],
    ['0.0000000001', '1n', 1],
    ['1E', '1E', 1e21],
    ['12e-3', '12e-3', 12],
  ])('%s → %s (%d milli)', (input, canonical, milli) => {
    const q = parseQuantity(input);
    expect(q.toString()).toBe(canonical);
    expect(formatQuantity(input)).toBe(canonical);
    expect(q.toMilli()).toBe(milli);
  });

  it.each([
    ['', FORMAT_ERR],
    ['abc', FORMAT_ERR],
    ['1Gb', FORMAT_ERR],
    ['1 Gi', FORMAT_ERR],
    ['1mi', "unable to parse quantity's suffix"],
    ['1e', "unable to parse quantity's suffix"],
  ])('%j is invalid: %s', (input, msg) => {
    expect(quantityError(input)).toBe(msg);
    expect(isValidQuantity(input)).toBe(false);
    try {
      parseQuantity(input);
      throw new Error('no throw');
    } catch (e) {
      expect(e).toBeInstanceOf(StatusError);
      expect((e as StatusError).message).toBe(msg);
    }
  });

  it('accepts numbers', () => {
    expect(isValidQuantity(1)).toBe(true);
    expect(formatQuantity(0.25)).toBe('250m');
  });
});

describe('arithmetic', () => {
  it('is exact', () => {
    expect(addQuantities('1Gi', '500Mi').toString()).toBe('1524Mi');
    expect(addQuantities('100m', '200m').toString()).toBe('300m');
    expect(addQuantities('0.1', '0.2').toMilli()).toBe(300);
    expect(addQuantities('8Ei', '8Ei').nanos).toBe(2n * ((1n << 63n) - 1n) * 1_000_000_000n);
    expect(parseQuantity('123456789012345678901234').toString()).toBe('123456789012345678901234');
    expect(addQuantities().toString()).toBe('0');
  });

  it('keeps the first non-zero format', () => {
    expect(addQuantities('0', '1Ki').format).toBe('BinarySI');
    expect(addQuantities('1k', '1024').toString()).toBe('2024');
  });

  it('compares', () => {
    expect(compareQuantities('1Gi', '1G')).toBe(1);
    expect(compareQuantities('1000m', '1')).toBe(0);
    expect(compareQuantities('500m', 1)).toBe(-1);
  });

  it('value/milli round up like upstream', () => {
    expect(parseQuantity('1n').toMilli()).toBe(1);
    expect(parseQuantity('1500m').value()).toBe(2);
    expect(parseQuantity('1.5Gi').toNumber()).toBe(1610612736);
    expect(quantityFromMilli(2500).toString()).toBe('2500m');
    expect(new Quantity(0n).sign()).toBe(0);
    expect(JSON.stringify({ q: parseQuantity('2048Ki') })).toBe('{"q":"2Mi"}');
  });
});
