// Errors in Xero's own shapes. A ValidationError concerns one element of a batch; the others
// are whole-request failures rendered by the exception filter.
export class ElementValidationError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
  }
}

export class XeroHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

export function validationException(elements: unknown[], message = 'A validation exception occurred'): XeroHttpError {
  return new XeroHttpError(400, { ErrorNumber: 10, Type: 'ValidationException', Message: message, Elements: elements });
}

export function notFound(message = "The resource you're looking for cannot be found"): XeroHttpError {
  return new XeroHttpError(404, { Title: 'NotFound', Status: 404, Detail: message, Type: 'NotFound' });
}

export function badRequest(message: string): XeroHttpError {
  return new XeroHttpError(400, { ErrorNumber: 10, Type: 'ValidationException', Message: message, Elements: [] });
}

export function unauthorized(detail = 'AuthenticationUnsuccessful'): XeroHttpError {
  return new XeroHttpError(
    401,
    { Type: null, Title: 'Unauthorized', Status: 401, Detail: detail, Instance: null, Extensions: {} },
    { 'WWW-Authenticate': 'Bearer' },
  );
}

export function forbidden(detail = 'AuthorizationUnsuccessful'): XeroHttpError {
  return new XeroHttpError(403, {
    Type: null,
    Title: 'Forbidden',
    Status: 403,
    Detail: detail,
    Instance: null,
    Extensions: {},
  });
}

export function invalid(...messages: string[]): ElementValidationError {
  return new ElementValidationError(messages);
}
