// Which tenant and flow the current async work belongs to: labels HTTP observations made deep in the connectors.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface WorkLabels {
  readonly tenant: string;
  readonly flow: string;
}

const current = new AsyncLocalStorage<WorkLabels>();

export const withLabels = <T>(labels: WorkLabels, fn: () => Promise<T>): Promise<T> =>
  current.run(labels, fn);

export const labelsNow = (): WorkLabels | undefined => current.getStore();
