package io.eventhubsnative.spark.auth;

/**
 * A source of Microsoft Entra ID access tokens for Event Hubs, for sign-in modes azure-identity does not cover
 * (a token service of your own, a platform helper such as {@code mssparkutils}). Name your class with
 * {@code .option("eventhubs.credentialProvider", "com.example.MyTokenProvider")}; the connector then signs in with
 * {@code eventhubs.auth=credentialProvider}.
 *
 * <p>The connector creates one instance per JVM (driver and every executor) and settings, so the class must be on
 * the classpath of every node (a jar added to the cluster) and have a public constructor that takes either no
 * argument or a {@code java.util.Map<String, String>}: the sign-in options ({@code eventhubs.tenantId},
 * {@code eventhubs.clientId}, {@code eventhubs.authorityHost} when set) and every option whose key starts with
 * {@code eventhubs.credentialProvider.}, keys as written by the user. Instances are never serialized.
 *
 * <p>This interface uses only JDK types, so it works with the connector's shaded jar. A class implementing azure-core's
 * {@code com.azure.core.credential.TokenCredential} (such as a Databricks service credential provider) is accepted by
 * {@code eventhubs.credentialProvider} as well.
 */
public interface EventHubsTokenProvider {

    /**
     * Returns a token for {@code scope} (always {@code https://eventhubs.azure.net/.default}). Called when the client
     * connects and again before the previous token expires; may block (it runs on a client thread, not a task thread).
     *
     * @throws Exception when no token can be had; the operation then fails naming the sign-in mode
     */
    EventHubsToken getToken(String scope) throws Exception;
}
