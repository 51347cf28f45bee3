// Runs one bench child script (under tsx) to completion and returns the one result it sends over IPC.
import { FerryError } from '../../core/errors.ts';
import { forkTs } from './emulator-client.ts';

export async function runChild<T>(
  file: string,
  input: unknown,
  nodeFlags: readonly string[] = [],
): Promise<T> {
  const child = forkTs(file, [JSON.stringify(input)], nodeFlags);
  return new Promise<T>((resolve, reject) => {
    let result: { value: T } | undefined;
    child.on('message', (m: T) => (result = { value: m }));
    child.on('exit', (code) =>
      result
        ? resolve(result.value)
        : reject(
            new FerryError(
              'FERRY_BENCH_CHILD',
              `${file} exited with code ${code ?? 'null'} without a result`,
            ),
          ),
    );
  });
}
