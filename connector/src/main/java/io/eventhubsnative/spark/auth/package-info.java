/**
 * Microsoft Entra ID: the credential of each sign-in mode, built once per JVM from string settings (credentials are
 * never serialized to executors), and the interface for a user's own token provider.
 */
package io.eventhubsnative.spark.auth;
