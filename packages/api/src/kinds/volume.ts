/** core/v1 Volume: the sources Skiff's node agent can realise (plus a minimal projected). */
import { Type, type Static } from '@sinclair/typebox';
import { atomicList, str, int, quantity, stringEnum, named } from './helpers.ts';
import { ObjectFieldSelectorRef } from './volume-refs.ts';

const opt = Type.Optional;

export const KeyToPathSchema = named('io.k8s.api.core.v1.KeyToPath', 'Maps a string key to a path within a volume.', {
  key: str('key is the key to project.'),
  path: str('path is the relative path of the file to map the key to.'),
  mode: opt(int('mode is Optional: mode bits used to set permissions on this file.')),
});

const items = () => opt(atomicList(KeyToPathSchema, 'items: if unspecified, each key-value pair in the Data field of the referenced object will be projected into the volume as a file whose name is the key and content is the value.'));

export const ConfigMapVolumeSourceSchema = named('io.k8s.api.core.v1.ConfigMapVolumeSource', 'Adapts a ConfigMap into a volume.', {
  name: opt(str('Name of the referent.')),
  items: items(),
  defaultMode: opt(int('defaultMode is optional: mode bits used to set permissions on created files by default. Defaults to 0644.')),
  optional: opt(Type.Boolean({ description: 'optional specify whether the ConfigMap or its keys must be defined' })),
});

export const SecretVolumeSourceSchema = named('io.k8s.api.core.v1.SecretVolumeSource', 'Adapts a Secret into a volume.', {
  secretName: opt(str("secretName is the name of the secret in the pod's namespace to use.")),
  items: items(),
  defaultMode: opt(int('defaultMode is Optional: mode bits used to set permissions on created files by default. Defaults to 0644.')),
  optional: opt(Type.Boolean({ description: 'optional field specify whether the Secret or its keys must be defined' })),
});

export const VolumeProjectionSchema = named('io.k8s.api.core.v1.VolumeProjection', 'Projection that may be projected along with other supported volume types. Exactly one of these fields must be set.', {
  configMap: opt(named('io.k8s.api.core.v1.ConfigMapProjection', 'Adapts a ConfigMap into a projected volume.', { name: opt(str('Name of the referent.')), items: items(), optional: opt(Type.Boolean({ description: 'optional specify whether the ConfigMap or its keys must be defined' })) })),
  secret: opt(named('io.k8s.api.core.v1.SecretProjection', 'Adapts a secret into a projected volume.', { name: opt(str('Name of the referent.')), items: items(), optional: opt(Type.Boolean({ description: 'optional field specify whether the Secret or its key must be defined' })) })),
  downwardAPI: opt(named('io.k8s.api.core.v1.DownwardAPIProjection', 'Represents downward API info for projecting into a projected volume.', {
    items: opt(atomicList(named('io.k8s.api.core.v1.DownwardAPIVolumeFile', 'DownwardAPIVolumeFile represents information to create the file containing the pod field', {
      path: str("Required: Path is  the relative path name of the file to be created."),
      fieldRef: opt(ObjectFieldSelectorRef),
      mode: opt(int('Optional: mode bits used to set permissions on this file.')),
    }), 'Items is a list of DownwardAPIVolume file')),
  })),
  serviceAccountToken: opt(named('io.k8s.api.core.v1.ServiceAccountTokenProjection', 'ServiceAccountTokenProjection represents a projected service account token volume.', {
    audience: opt(str('audience is the intended audience of the token.')),
    expirationSeconds: opt(int('expirationSeconds is the requested duration of validity of the service account token.', 'int64')),
    path: str('path is the path relative to the mount point of the file to project the token into.'),
  })),
});

export const VolumeSchema = named('io.k8s.api.core.v1.Volume', 'Volume represents a named volume in a pod that may be accessed by any container in the pod.', {
  name: str("name of the volume. Must be a DNS_LABEL and unique within the pod."),
  emptyDir: opt(named('io.k8s.api.core.v1.EmptyDirVolumeSource', 'Represents an empty directory for a pod.', {
    medium: opt(str('medium represents what type of storage medium should back this directory. "" or "Memory".')),
    sizeLimit: opt(quantity('sizeLimit is the total amount of local storage required for this EmptyDir volume.')),
  })),
  hostPath: opt(named('io.k8s.api.core.v1.HostPathVolumeSource', 'Represents a host path mapped into a pod.', {
    path: str('path of the directory on the host.'),
    type: opt(stringEnum(['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'], 'type for HostPath Volume. Defaults to ""')),
  })),
  configMap: opt(ConfigMapVolumeSourceSchema),
  secret: opt(SecretVolumeSourceSchema),
  projected: opt(named('io.k8s.api.core.v1.ProjectedVolumeSource', 'Represents a projected volume source', {
    sources: opt(atomicList(VolumeProjectionSchema, 'sources is the list of volume projections.')),
    defaultMode: opt(int('defaultMode are the mode bits used to set permissions on created files by default.')),
  })),
  persistentVolumeClaim: opt(named('io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource', "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace.", {
    claimName: str('claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume.'),
    readOnly: opt(Type.Boolean({ description: 'readOnly Will force the ReadOnly setting in VolumeMounts. Default false.' })),
  })),
});
export type Volume = Static<typeof VolumeSchema>;

/** The volume source keys validation accepts; exactly one must be set. */
export const VOLUME_SOURCES = ['emptyDir', 'hostPath', 'configMap', 'secret', 'projected', 'persistentVolumeClaim'] as const;
