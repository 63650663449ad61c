/** The voice channel's port: a gateway that places a text-to-speech call. */

export interface OutgoingCall {
  /** E.164: a mobile or a fixed line. */
  to: string;
  /** What the call reads out. */
  text: string;
  /** For the audit trail and the local call outbox; not part of the call. */
  incidentId?: string;
}

export interface CallGateway {
  /**
   * Returns the provider's message id. Throws CallRejectedError when the number cannot be called,
   * CallUnavailableError when the provider answered that it did not place the call; any other error
   * leaves it unknown whether the call was placed.
   */
  call(call: OutgoingCall): Promise<{ callId: string }>;
}

/** The number cannot be called (invalid, opted out, a destination the account may not call): retrying will not help. */
export class CallRejectedError extends Error {
  override name = 'CallRejectedError';
}

/** The provider answered (throttled, failing) and did not place the call: it may be tried again at once. */
export class CallUnavailableError extends Error {
  override name = 'CallUnavailableError';
}
