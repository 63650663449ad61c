import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { CallOutcomeUnknownError, VoiceCallGateway } from '../../../functions/adapters/voice-call-gateway';
import { CallUnavailableError } from '../../../functions/core/voice';
import { fakeService } from '../../support/fake-service';

/**
 * How the gateway reacts when End User Messaging's answer to SendVoiceMessage is lost or says no: a
 * real client pointed at a local endpoint that takes each request and answers as told.
 */
const service = fakeService({
  contentType: 'application/x-amz-json-1.0',
  read: (body) => JSON.parse(body) as Record<string, unknown>,
  ok: (taken) => JSON.stringify({ MessageId: `v-${taken}` }),
  throttled: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
});
const placed = service.taken;

const client = () => new PinpointSMSVoiceV2Client({ endpoint: service.endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' } });
const gateway = (voice = client()) => new VoiceCallGateway(voice, { originationIdentity: '+8675500000000', voiceId: 'ZHIYU' });
const call = { to: '+8613800000101', text: '这里是应急平台。', incidentId: 'i-1' };

test('a call goes out with its number, text and voice, and its message id is kept', async () => {
  expect(await gateway().call(call)).toEqual({ callId: 'v-1' });
  expect(placed).toEqual([
    expect.objectContaining({ DestinationPhoneNumber: '+8613800000101', MessageBody: '这里是应急平台。', VoiceId: 'ZHIYU', Context: { incidentId: 'i-1' } }),
  ]);
});

test('a call whose answer is lost is not placed again by the SDK (a second would ring the person twice): the outcome is unknown', async () => {
  service.answer = 'lost';
  await expect(gateway().call(call)).rejects.toBeInstanceOf(CallOutcomeUnknownError);
  expect(placed).toHaveLength(1);
});

test('a throttled call, which the service did not place, is still retried by the SDK and then reported as unavailable', async () => {
  let attempts = 0;
  const voice = client();
  voice.middlewareStack.add((next) => (args) => ((attempts += 1), next(args)), { step: 'finalizeRequest', priority: 'low', name: 'countAttempts' });
  service.answer = 'throttled';
  await expect(gateway(voice).call(call)).rejects.toBeInstanceOf(CallUnavailableError);
  expect(attempts).toBeGreaterThan(1);
});
