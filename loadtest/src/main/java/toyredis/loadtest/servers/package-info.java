/**
 * The servers {@code compare} measures: which stage jar or Redis to start, starting and stopping it
 * as a child process (or a Redis container), and how big the running process is.
 */
package toyredis.loadtest.servers;
