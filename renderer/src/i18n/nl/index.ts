/** All Dutch messages: a chunk of its own, loaded when the console first speaks Dutch (i18n/index.ts). */
import type { Messages } from '../en';
import { join } from '../join';
import accounts from './accounts';
import common from './common';
import entry from './entry';
import history from './history';
import refunds from './refunds';
import tracking from './tracking';

export default join<Messages>(common, entry, accounts, history, tracking, refunds);
