/**
 * Which devices a pod's containers get. The GPU wiring (gpu-devices.ts) decides for GPU
 * pods; every other pod gets the "no GPU" config. A refusal is data: the message becomes
 * the container's CreateContainerConfigError and a Failed event.
 */
import type { Container, Pod } from '@skiff/api';
import type { DeviceConfig } from '../runtime/runtime.ts';

export interface DeviceConfigResult {
  Env: string[];
  HostConfig: DeviceConfig;
}

export type DeviceDecision = { ok: true; config: DeviceConfigResult } | { ok: false; message: string };

export interface DeviceProvider {
  /** Devices for one container of a pod (called before each container create). */
  forContainer(pod: Pod, container: Container): Promise<DeviceDecision>;
  /** The pod is gone: release what it held. */
  release(podUid: string): void;
}

/** Nodes without GPU support configured: the NVIDIA runtime (if any) must still see no GPU. */
export const noDevices: DeviceProvider = {
  forContainer: async () => ({ ok: true, config: { Env: ['NVIDIA_VISIBLE_DEVICES=void'], HostConfig: {} } }),
  release: () => undefined,
};
