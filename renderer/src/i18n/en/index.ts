/** All English messages (in the start-up chunk: the first language and the fallback of the others). */
import { join } from '../join';
import accounts from './accounts';
import type { AccountsMessages } from './accounts';
import common from './common';
import type { CommonMessages } from './common';
import entry from './entry';
import type { EntryMessages } from './entry';
import history from './history';
import type { HistoryMessages } from './history';
import refunds from './refunds';
import type { RefundsMessages } from './refunds';
import tracking from './tracking';
import type { TrackingMessages } from './tracking';

export type Messages = CommonMessages & EntryMessages & AccountsMessages & HistoryMessages & TrackingMessages & RefundsMessages;

export default join<Messages>(common, entry, accounts, history, tracking, refunds);
