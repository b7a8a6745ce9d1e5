package io.eventhubsnative.spark.config;

import java.util.ArrayList;
import java.util.List;

/** How the connector signs in to Event Hubs: the values of {@code eventhubs.auth}. */
public enum AuthMode {
    /** A SAS key or token in {@code eventhubs.connectionString}. */
    SAS("sas"),
    /** A Microsoft Entra ID app: tenant, client id and a client secret or certificate. */
    SERVICE_PRINCIPAL("servicePrincipal"),
    /** The managed identity of the VMs (system-assigned, or user-assigned by {@code managedIdentityClientId}). */
    MANAGED_IDENTITY("managedIdentity"),
    /** Kubernetes workload identity (the federated token file the AKS webhook mounts). */
    WORKLOAD_IDENTITY("workloadIdentity"),
    /** azure-identity's DefaultAzureCredential chain: environment, workload identity, managed identity, CLI... */
    AZURE_DEFAULT("azureDefault"),
    /** A user class named by {@code eventhubs.credentialProvider} that hands out Entra ID tokens. */
    CREDENTIAL_PROVIDER("credentialProvider");

    private final String optionValue;

    AuthMode(String optionValue) {
        this.optionValue = optionValue;
    }

    /** The value as written in {@code eventhubs.auth}, e.g. {@code servicePrincipal}. */
    public String optionValue() {
        return optionValue;
    }

    /** Whether the mode signs in with Microsoft Entra ID (every mode but {@link #SAS}). */
    public boolean isEntraId() {
        return this != SAS;
    }

    /** The mode for an {@code eventhubs.auth} value, compared case-insensitively. */
    public static AuthMode fromOptionValue(String value) {
        for (AuthMode mode : values()) {
            if (mode.optionValue.equalsIgnoreCase(value)) {
                return mode;
            }
        }
        List<String> names = new ArrayList<>();
        for (AuthMode mode : values()) {
            names.add(mode.optionValue);
        }
        String closest = Spelling.closest(value, names, 3);
        throw new IllegalArgumentException("Option '" + OptionKeys.AUTH + "' must be one of " + allValues()
                + ", but got '" + value + "'." + (closest != null ? " Did you mean '" + closest + "'?" : "")
                + " Example: .option(\"" + OptionKeys.AUTH + "\", \"servicePrincipal\")");
    }

    static String allValues() {
        List<String> names = new ArrayList<>();
        for (AuthMode mode : values()) {
            names.add(mode.optionValue);
        }
        return String.join(", ", names);
    }

    @Override
    public String toString() {
        return optionValue;
    }
}
