// An emitter bug (never bad input: bad input is a Diagnostic); reported as FERRY299.
import { FerryError } from '../../core/errors.ts';

export class InternalCompilerError extends FerryError {
  constructor(message: string) {
    super('FERRY299', message);
  }
}
