/**
 * Generating load and counting what comes back: the spec of a load point, the selector threads that
 * drive the connections, what each counted, and the merged result (replies, errors by kind, lost
 * updates, connections served, latency).
 */
package toyredis.loadtest.load;
