import { describe, expect, it } from 'vitest';
import { compileSelector } from './compile.ts';
import { celDevice } from './device-value.ts';
import { rewriteSelector } from './rewrite.ts';
import { COST_LIMIT } from './cost.ts';
import { parseSemver } from './semver.ts';
import { h100, migDevice, DRIVER, CAPTURED_UUID } from '../testdata/h100.ts';

const gpu = celDevice(h100(3, CAPTURED_UUID), DRIVER);
const mig = celDevice(migDevice(0, '1g.10gb', 19, 0, CAPTURED_UUID), DRIVER);
const run = (expr: string, dev = gpu) => compileSelector(expr).evaluate(dev);
const A = `device.attributes['${DRIVER}']`;
const C = `device.capacity['${DRIVER}']`;

describe('CEL selectors: the device variable and Kubernetes extensions', () => {
  it.each<[string, boolean]>([
    // device variable, typed attributes
    [`device.driver == '${DRIVER}' && ${A}.type == 'gpu'`, true],
    [`${A}.type == 'mig'`, false],
    [`${A}.uuid == '${CAPTURED_UUID}'`, true],
    [`${A}.index == 3 && ${A}.minor > 2`, true],
    [`${A}.productName.lowerAscii().matches('^.*h100.*$')`, true],
    [`${A}.productName.upperAscii() == 'NVIDIA H100 80GB HBM3'`, true],
    [`${A}.productName.startsWith('NVIDIA')`, true],
    [`device.attributes['resource.kubernetes.io'].pcieRoot == 'pci0000:00'`, true],
    [`device.allowMultipleAllocations == false`, true],
    // has() and `in` on attribute maps; unknown domains are empty maps
    [`has(${A}.uuid)`, true],
    [`has(${A}.parentUUID)`, false],
    [`has(device.capacity['${DRIVER}'].memory)`, true],
    [`'memory' in ${C}`, true],
    [`'x' in device.attributes['other.example.com']`, false],
    [`!has(device.attributes['other.example.com'].x)`, true],
    // quantity
    [`${C}.memory.compareTo(quantity('40Gi')) >= 0`, true],
    [`${C}.memory.compareTo(quantity('80Gi')) == 0`, true],
    [`${C}.memory.compareTo(quantity('100Gi')) < 0`, true],
    [`${C}.memory.isGreaterThan(quantity('79Gi'))`, true],
    [`${C}.memory.isLessThan(quantity('81Gi'))`, true],
    [`${C}.memory == quantity('80Gi')`, true],
    [`${C}.memory.add(quantity('1Gi')) == quantity('81Gi')`, true],
    [`${C}.memory.sub(quantity('16Gi')).asInteger() == 68719476736`, true],
    [`${C}.memory.add(1).asInteger() == 85899345921`, true],
    [`quantity('1.5').asApproximateFloat() == 1.5`, true],
    [`quantity('500m').isInteger() == false && quantity('-1').sign() == -1`, true],
    [`isQuantity('1Gi') && !isQuantity('1Gx')`, true],
    // semver
    [`${A}.driverVersion.isGreaterThan(semver('550.54.15'))`, true],
    [`${A}.driverVersion.isLessThan(semver('600.0.0'))`, true],
    [`${A}.cudaComputeCapability.compareTo(semver('9.0.0')) == 0`, true],
    [`${A}.cudaComputeCapability == semver('9.0.0')`, true],
    [`${A}.driverVersion.major() == 580 && ${A}.driverVersion.minor() == 159 && ${A}.driverVersion.patch() == 4`, true],
    [`semver('1.0.0-alpha').isLessThan(semver('1.0.0'))`, true],
    [`isSemver('1.2.3') && !isSemver('1.2')`, true],
    // macros
    [`[1, 2, 3].all(x, x > 0) && [1, 2].exists(x, x == 2) && [1, 2].exists_one(x, x == 1)`, true],
    [`['gpu', 'mig'].exists(t, ${A}.type == t)`, true],
    [`cel.bind(m, ${C}.memory, m.isGreaterThan(quantity('1Gi')))`, true],
    [`"device.attributes['a'].matches('x')" == "device.attributes['a'].matches('x')"`, true],
  ])('%s → %s', (expr, want) => {
    expect(run(expr)).toBe(want);
  });

  it('MIG devices carry parentUUID and profile', () => {
    expect(run(`${A}.parentUUID == '${CAPTURED_UUID}' && ${A}.profile == '1g.10gb' && ${C}.memory == quantity('10Gi')`, mig)).toBe(true);
  });

  it.each<[string, RegExp]>([
    ['device.driver ==', /^compilation failed: /],
    [`${A}.type`, /^must evaluate to bool, got string/],
    ['1 + 2', /^must evaluate to bool, not int/],
    ['unknownVar == 1', /^compilation failed: .*unknownVar/],
    [`${A}.nosuch == 'x'`, /no such key: nosuch/i],
    [`device.attributes['other.example.com'].x == 1`, /no such key: x/i],
    [`quantity('12 parsecs').isZero()`, /compilation failed|quantity/],
    [`quantity('bogus') == quantity('1')`, /quantity\("bogus"\)/],
    [`semver('1.2') == semver('1.2.0')`, /invalid semver/],
    [`quantity('1.5').asInteger() == 1`, /cannot convert value to integer/],
    [`${A}.uuid.matches('(')`, /missing closing \)/],
    ['x'.repeat(10 * 1024 + 1), /longer than 10240/],
  ])('%s fails cleanly', (expr, reason) => {
    const r = run(expr);
    expect(typeof r).toBe('object');
    expect((r as { error: string }).error).toMatch(reason);
  });

  it('a runaway expression stops at the cost limit and is then refused for every device', () => {
    const big = `[${Array.from({ length: 100 }, (_, i) => i).join(',')}]`;
    const expr = `${big}.all(x, ${big}.all(y, ${big}.all(z, x + y + z >= 0)))`; // 10^6 iterations
    const t0 = performance.now();
    const r = run(expr);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r).toEqual({ error: expect.stringMatching(/cost limit exceeded/) });
    const t1 = performance.now();
    expect(run(expr, mig)).toEqual({ error: expect.stringMatching(/cost limit exceeded/) });
    expect(performance.now() - t1).toBeLessThan(5);
    expect(COST_LIMIT).toBeGreaterThan(1000);
    // A bounded loop of the same shape is fine.
    expect(run(`${big}.all(x, ${big}.all(y, x + y >= 0))`)).toBe(true);
  });

  it('catastrophic regexes run in linear time (RE2)', () => {
    const t0 = performance.now();
    expect(run(`(${A}.productName + 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab').matches('^(a+)+$')`)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('compiles each distinct expression once', () => {
    const e = `${A}.index >= 0`;
    expect(compileSelector(e)).toBe(compileSelector(e));
  });

  it('rewrites has() on indexed maps and matches(), never inside string literals', () => {
    expect(rewriteSelector(`has(device.attributes["d.io"].x) && 'has(device.attributes["d.io"].y)'.matches("a")`)).toBe(
      `('x' in device.attributes["d.io"]) && 'has(device.attributes["d.io"].y)'.re2Matches("a")`,
    );
    expect(rewriteSelector(`device.driver == 'x'`)).toBe(`device.driver == 'x'`);
  });

  it('semver precedence follows semver.org §11', () => {
    const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    const vs = order.map((s) => parseSemver(s));
    for (let i = 1; i < vs.length; i++) expect((vs[i - 1] as any).compare(vs[i])).toBe(-1);
    expect(parseSemver('01.2.3')).toMatch(/invalid semver/);
    expect((parseSemver('1.2.3+build') as any).compare(parseSemver('1.2.3'))).toBe(0);
  });
});
