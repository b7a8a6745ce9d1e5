/**
 * The user-facing options as typed, validated values: names, defaults, positions and their JSON, connection
 * strings, sign-in settings. Depends on nothing but the JDK, Jackson and Spark's option map; every error says which
 * option to fix and how, and never shows a secret.
 */
package io.eventhubsnative.spark.config;
