/** Voice: calls read out by text-to-speech, for a text nobody confirmed and for people with only a landline. */
export { type CallGateway, CallRejectedError, CallUnavailableError, type OutgoingCall } from './ports';
export { type CallFacts, callScript, spelled } from './script';
