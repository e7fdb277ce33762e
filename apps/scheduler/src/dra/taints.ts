/** Device taints (DRADeviceTaints): NoSchedule and NoExecute keep a device out unless tolerated. */
import type { Device } from '@skiff/api';
import type { ExactDeviceRequest } from '@skiff/api';

type Toleration = NonNullable<ExactDeviceRequest['tolerations']>[number];
type Taint = NonNullable<Device['taints']>[number];

function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/** The first taint of the device that the tolerations leave standing, as `key=value:Effect`. */
export function untoleratedTaint(device: Device, tolerations: readonly Toleration[] | undefined): string | undefined {
  for (const taint of device.taints ?? []) {
    if (!(tolerations ?? []).some((t) => tolerates(t, taint))) {
      return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
    }
  }
  return undefined;
}
