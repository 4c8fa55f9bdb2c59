package io.msupgrade.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's JSON Schema (draft 2020-12), for editors: every key with its type, allowed words,
 * pattern, default and description, and no other keys. It is a resource written by hand next to
 * this class; a test holds its keys, patterns and defaults to {@link ModelReader} and
 * {@link ValueShape}, so the two cannot drift. The schema checks shape only: the rules (MS001..)
 * run in {@code msupgrade validate}.
 */
public final class ModelSchema {

    static final String RESOURCE = "model-v1.schema.json";

    private static volatile String cached;

    private ModelSchema() {
    }

    /** The schema text, as printed by {@code msupgrade schema}. */
    public static String json() {
        String s = cached;
        if (s == null) {
            try (InputStream in = ModelSchema.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the model schema resource " + RESOURCE + " is missing");
                }
                s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cached = s;
        }
        return s;
    }

    /**
     * The keys the reader accepts, by the JSON Pointer of the schema's {@code properties} that must
     * list exactly them.
     */
    public static Map<String, List<String>> readerKeys() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("/properties", ModelReader.TOP_KEYS);
        keys.put("/properties/target/properties", ModelReader.TARGET_KEYS);
        keys.put("/properties/media/properties", ModelReader.MEDIA_KEYS);
        keys.put("/$defs/previous_media/properties", ModelReader.PREVIOUS_KEYS);
        keys.put("/properties/directory/properties", ModelReader.DIRECTORY_KEYS);
        keys.put("/properties/backup/properties", ModelReader.BACKUP_KEYS);
        keys.put("/properties/migration/properties", ModelReader.MIGRATION_KEYS);
        keys.put("/properties/rollout/properties", ModelReader.ROLLOUT_KEYS);
        keys.put("/properties/rollout/properties/serial/properties", Keyword.ids(Tier.class));
        keys.put("/properties/ansible/properties", ModelReader.ANSIBLE_KEYS);
        keys.put("/$defs/host/properties", ModelReader.HOST_KEYS);
        keys.put("/$defs/host/properties/zfs/properties", ModelReader.ZFS_KEYS);
        keys.put("/$defs/host/properties/ha/properties", ModelReader.HA_KEYS);
        keys.put("/$defs/new_host/properties", ModelReader.NEW_HOST_KEYS);
        keys.put("/$defs/new_host/properties/provision/properties", ModelReader.PROVISION_KEYS);
        keys.put("/properties/provisioning/properties", ModelReader.PROVISIONING_KEYS);
        keys.put("/properties/provisioning/properties/oci/properties", ModelReader.OCI_KEYS);
        keys.put("/properties/provisioning/properties/aws/properties", ModelReader.AWS_KEYS);
        keys.put("/properties/provisioning/properties/vsphere/properties", ModelReader.VSPHERE_KEYS);
        return keys;
    }
}
