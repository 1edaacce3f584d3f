/**
 * Every test file runs with the network guard: a connection to anything but 127.0.0.1 fails the test
 * (DESIGN.md section 6: no test touches the network).
 */
import { installNetworkGuard } from '../../src/data/providers/testkit/networkGuard.js';

installNetworkGuard();
