/**
 * Conformance cases for attendees' servers: the case files and the checker that runs them, and,
 * for stages 5 and 6, the cases that start, kill and restart the server (crashes, racing writes,
 * rewrites, a burst of connections).
 */
package toyredis.loadtest.check;
