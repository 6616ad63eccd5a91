/** The fields of a GatewayError that tests assert on. */
export interface GatewayRejection {
  code: string;
  status: number;
  param: string | null;
  message: string;
}

/** What `promise` rejects with, as a GatewayError's fields; fails the test when it resolves. */
export async function captureRejection(promise: Promise<unknown>): Promise<GatewayRejection> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: GatewayRejection) => error,
  );
}
