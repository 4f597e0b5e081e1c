# Stand-in for redis:7.4-alpine where no registry can be reached: Debian 12's redis-server (7.0)
# and redis-cli. The official image runs without protected mode (other containers connect
# without a password); Debian's binary without a config file does not, hence the wrapper.
FROM scaleout-standin/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends redis-server redis-tools \
	&& rm -rf /var/lib/apt/lists/* && mkdir -p /data
COPY redis-server /usr/local/bin/redis-server
WORKDIR /data
CMD ["redis-server"]
