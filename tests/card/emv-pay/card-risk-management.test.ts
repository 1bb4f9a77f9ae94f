import * as assert from 'uvu/assert';
import { firstAcDecision, secondAcDecision, type FirstAcRiskInput, type SecondAcRiskInput } from '../../../card/emv-pay/index.ts';
import { suite } from '../../support/suite.ts';

const test = suite('card/emv-pay/card-risk-management');

const FIRST: FirstAcRiskInput = {
  requested: 'TC', offlineCount: 0, lowerLimit: 3, upperLimit: 5, neverOnline: false, issuerAuthenticationFailedLastOnline: false,
  lastOnlineTransactionNotCompleted: false, pinTryLimitExceeded: false, fingerTryLimitExceeded: false, offlineCvmFailed: false,
  terminalOfflineOnly: false,
};

test('first GENERATE AC: the table of issuer-defined rules', () => {
  const rows: Array<[Partial<FirstAcRiskInput>, string]> = [
    [{}, 'TC'],
    [{ requested: 'AAC' }, 'AAC'],
    [{ requested: 'ARQC' }, 'ARQC'],
    [{ pinTryLimitExceeded: true }, 'AAC'],
    [{ requested: 'ARQC', pinTryLimitExceeded: true }, 'AAC'],
    [{ offlineCount: 2 }, 'TC'],
    [{ offlineCount: 3 }, 'ARQC'],
    [{ neverOnline: true }, 'ARQC'],
    [{ issuerAuthenticationFailedLastOnline: true }, 'ARQC'],
    [{ lastOnlineTransactionNotCompleted: true }, 'ARQC'],
    [{ fingerTryLimitExceeded: true }, 'ARQC'],
    [{ offlineCvmFailed: true }, 'ARQC'],
    [{ offlineCount: 3, terminalOfflineOnly: true }, 'TC'],
    [{ offlineCount: 4, terminalOfflineOnly: true }, 'TC'],
    [{ offlineCount: 5, terminalOfflineOnly: true }, 'AAC'],
    [{ neverOnline: true, terminalOfflineOnly: true }, 'TC'],
    [{ requested: 'ARQC', offlineCount: 5, terminalOfflineOnly: true }, 'AAC'],
    [{ requested: 'ARQC', offlineCount: 9 }, 'ARQC'],
    [{ lowerLimit: 0, upperLimit: 0 }, 'ARQC'],
  ];
  for (const [change, expected] of rows) {
    const { decision, reasons } = firstAcDecision({ ...FIRST, ...change });
    assert.is(decision, expected, JSON.stringify(change));
    assert.ok(reasons.length > 0);
  }
});

const SECOND: SecondAcRiskInput = {
  requested: 'TC', unableToGoOnline: false, issuerAuthentication: 'ok', issuerApproved: true, offlineCount: 0, upperLimit: 5,
};

test('second GENERATE AC: TC only with a good ARPC and an approval, or offline under the upper limit', () => {
  const rows: Array<[Partial<SecondAcRiskInput>, string]> = [
    [{}, 'TC'],
    [{ requested: 'AAC' }, 'AAC'],
    [{ issuerAuthentication: 'failed' }, 'AAC'],
    [{ issuerAuthentication: 'absent' }, 'AAC'],
    [{ issuerApproved: false }, 'AAC'],
    [{ unableToGoOnline: true, issuerAuthentication: 'absent', offlineCount: 4 }, 'TC'],
    [{ unableToGoOnline: true, issuerAuthentication: 'absent', offlineCount: 5 }, 'AAC'],
    [{ unableToGoOnline: true, requested: 'AAC' }, 'AAC'],
  ];
  for (const [change, expected] of rows) assert.is(secondAcDecision({ ...SECOND, ...change }).decision, expected, JSON.stringify(change));
});

test.run();
