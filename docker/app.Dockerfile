# The patient app: built with Node from app/ (exact npm versions from its lock file), served as
# static files by nginx. The page connects to the node named by ?rpc= (default ws://127.0.0.1:9944).
#   docker build -f docker/app.Dockerfile -t healthchain-app .
#   docker run --rm -p 5173:80 healthchain-app
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY app/package.json app/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY app/ ./
RUN npm run build

FROM nginx:1.27-bookworm
COPY --from=build /app/dist /usr/share/nginx/html
# A static app that only talks to the node it is pointed at: no framing, no sniffing.
# ($uri is nginx's variable, written literally.)
# hadolint ignore=SC2016
RUN printf '%s\n' \
	'server {' \
	'  listen 80;' \
	'  root /usr/share/nginx/html;' \
	'  add_header X-Content-Type-Options nosniff always;' \
	'  add_header X-Frame-Options DENY always;' \
	'  add_header Referrer-Policy no-referrer always;' \
	'  location / { try_files $uri /index.html; }' \
	'}' > /etc/nginx/conf.d/default.conf
EXPOSE 80
