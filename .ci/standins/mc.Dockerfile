# Stand-in for minio/mc where no registry can be reached: the commands compose uses
# (alias set, mb --ignore-existing), over curl's AWS signatures.
FROM scaleout-standin/debian:bookworm
COPY mc /usr/bin/mc
