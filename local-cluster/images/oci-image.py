#!/usr/bin/env python3
"""Writes an OCI image layout from layer tars, for a machine without a container engine.

    oci-image.py OUT_DIR --layer ROOTFS.tar [--layer MORE.tar ...] [--entrypoint JSON] [--cmd JSON]
                 [--env K=V ...] [--user UID:GID] [--workdir DIR]

Each --layer is an uncompressed tar of files laid over the previous ones (a root file system made by
mmdebstrap, or a few files). Layers are gzipped once and kept beside their tar (<tar>.gz + digest),
so an image that shares its base with another (kafka on the JRE base) reuses the same blob. skopeo
then copies `oci:OUT_DIR:TAG` to the registry.
"""
import argparse
import gzip
import hashlib
import json
import os
import shutil


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def compressed(tar):
    """Returns (gz path, gz digest, tar digest), gzipping only when the tar changed."""
    gz, meta = tar + ".gz", tar + ".gz.json"
    tar_digest = sha256_file(tar)
    if os.path.exists(meta) and os.path.exists(gz):
        with open(meta) as f:
            m = json.load(f)
        if m.get("tar") == tar_digest:
            return gz, m["gz"], tar_digest
    # mtime=0 keeps the blob reproducible, so an unchanged layer is never pushed twice.
    with open(tar, "rb") as src, open(gz + ".tmp", "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    os.replace(gz + ".tmp", gz)
    m = {"tar": tar_digest, "gz": sha256_file(gz)}
    with open(meta, "w") as f:
        json.dump(m, f)
    return gz, m["gz"], tar_digest


def write_blob(out, data=None, path=None, digest=None):
    blobs = os.path.join(out, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    if data is not None:
        digest = hashlib.sha256(data).hexdigest()
        with open(os.path.join(blobs, digest), "wb") as f:
            f.write(data)
        return digest, len(data)
    target = os.path.join(blobs, digest)
    if not os.path.exists(target):
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)
    return digest, os.path.getsize(path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--layer", action="append", required=True)
    p.add_argument("--entrypoint")
    p.add_argument("--cmd")
    p.add_argument("--env", action="append", default=[])
    p.add_argument("--user")
    p.add_argument("--workdir")
    p.add_argument("--tag", default="latest")
    a = p.parse_args()

    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(a.out)
    layers, diff_ids = [], []
    for tar in a.layer:
        gz, gz_digest, tar_digest = compressed(tar)
        digest, size = write_blob(a.out, path=gz, digest=gz_digest)
        layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                       "digest": "sha256:" + digest, "size": size})
        diff_ids.append("sha256:" + tar_digest)

    env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
    env = [e for e in env if not any(x.startswith("PATH=") for x in a.env)] + a.env
    config = {"Env": env}
    if a.entrypoint:
        config["Entrypoint"] = json.loads(a.entrypoint)
    if a.cmd:
        config["Cmd"] = json.loads(a.cmd)
    if a.user:
        config["User"] = a.user
    if a.workdir:
        config["WorkingDir"] = a.workdir
    image_config = {
        # A fixed creation time: the same inputs give the same image digest.
        "created": "1970-01-01T00:00:00Z",
        "architecture": "amd64",
        "os": "linux",
        "config": config,
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
    }
    cfg_digest, cfg_size = write_blob(a.out, data=json.dumps(image_config, sort_keys=True).encode())
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": "sha256:" + cfg_digest, "size": cfg_size},
        "layers": layers,
    }
    m_digest, m_size = write_blob(a.out, data=json.dumps(manifest, sort_keys=True).encode())
    index = {
        "schemaVersion": 2,
        "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "digest": "sha256:" + m_digest, "size": m_size,
                       "annotations": {"org.opencontainers.image.ref.name": a.tag}}],
    }
    with open(os.path.join(a.out, "index.json"), "w") as f:
        json.dump(index, f)
    with open(os.path.join(a.out, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)


if __name__ == "__main__":
    main()
