/**
 * The web Deployment + Services + client pod the real-cluster e2e tests apply, on the local
 * busybox test image: httpd answering "hello from <pod>" on 8080, ready while /www/ready
 * exists (the image is FROM scratch: no /tmp, so the file sits beside the page).
 */
/** The web Deployment (2 replicas) and its ClusterIP Service `web` on port 80. */
export function webDeployment(image: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: ${image}
        imagePullPolicy: Never
        command: [sh, -c, 'mkdir -p /www && echo "hello from $(hostname)" > /www/index.html && touch /www/ready && exec httpd -f -p 8080 -h /www']
        ports: [{containerPort: 8080}]
        readinessProbe:
          exec: {command: [test, -f, /www/ready]}
          periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;
}

/** webDeployment, a NodePort Service `web-np` on `nodePort`, and a long-running client pod on `clientNode`. */
export function webWithServices(o: { image: string; nodePort: number; clientNode: string }): string {
  return `${webDeployment(o.image)}---
apiVersion: v1
kind: Service
metadata: {name: web-np}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: ${o.nodePort}}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  nodeName: ${o.clientNode}
  terminationGracePeriodSeconds: 1
  containers:
  - {name: main, image: ${o.image}, imagePullPolicy: Never, command: [sleep, '3600']}
`;
}
